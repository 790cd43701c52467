using System.Net;
using System.Text;

namespace Cluster.Tests.Shared;

/// <summary>
/// The first webhook of a fresh gateway can outlast the gateway's ask on a loaded machine (504: the
/// group region, the entity and its dispatcher all start). A client then sends the same definition
/// again, as the project's client does; so do the specs that only need the webhook to exist.
/// </summary>
public static class DefinitionPuts
{
    /// <summary>PUTs <paramref name="json"/> up to three times while the answer is 504; 201, or 200 once a retry finds the first one stored.</summary>
    public static async Task PutUntilStoredAsync(HttpClient client, string path, string json)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
            if (response.StatusCode is HttpStatusCode.Created || (attempt > 1 && response.StatusCode is HttpStatusCode.OK))
            {
                return;
            }

            Assert.True(response.StatusCode == HttpStatusCode.GatewayTimeout && attempt < 3, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
