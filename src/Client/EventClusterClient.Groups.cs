using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace EventCluster.Client;

/// <summary>Consumer groups and webhooks: create, join, settle, delete.</summary>
public sealed partial class EventClusterClient
{
    /// <summary>
    /// Creates a consumer group; true when created now, false when it existed with the same settings
    /// (also when an earlier attempt of this call created it and its answer was lost).
    /// </summary>
    public async Task<bool> CreateGroupAsync(string topic, string group, GroupOptions? options = null, CancellationToken ct = default)
    {
        var settings = new Dictionary<string, object>();
        if (options?.StartFrom is { } start) settings["startFrom"] = start;
        if (options?.AckTimeoutSeconds is { } timeout) settings["ackTimeoutSeconds"] = timeout;
        if (options?.MaxDeliveries is { } max) settings["maxDeliveries"] = max;
        if (options?.Ordering is { } ordering) settings["ordering"] = ordering;
        return await PutDefinitionAsync(GroupPath(topic, group), settings, ct);
    }

    /// <summary>
    /// Creates a webhook; true when created now, false when it existed with the same settings (also
    /// when an earlier attempt of this call created it and its answer was lost).
    /// </summary>
    public async Task<bool> CreateWebhookAsync(string topic, string name, WebhookOptions options, CancellationToken ct = default)
    {
        var settings = new Dictionary<string, object> { ["url"] = options.Url.ToString(), ["secret"] = options.Secret };
        if (options.MaxInFlight is { } inFlight) settings["maxInFlight"] = inFlight;
        if (options.MaxDeliveries is { } max) settings["maxDeliveries"] = max;
        if (options.TimeoutSeconds is { } timeout) settings["timeoutSeconds"] = timeout;
        if (options.StartFrom is { } start) settings["startFrom"] = start;
        return await PutDefinitionAsync(WebhookPath(topic, name), settings, ct);
    }

    /// <summary>
    /// PUTs a group or webhook definition: true on 201, false on 200. The same definition again is
    /// the same group, so what may not have been applied is sent again, as appends are.
    /// </summary>
    private async Task<bool> PutDefinitionAsync(string path, Dictionary<string, object> definition, CancellationToken ct)
    {
        using var response = await SendRetryingAsync(() => new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(definition) }, ct);
        return response.StatusCode switch
        {
            HttpStatusCode.Created => true,
            HttpStatusCode.OK => false,
            _ => throw await ProblemAsync(response, ct),
        };
    }

    /// <summary>Deletes a webhook; false when there was none.</summary>
    public async Task<bool> DeleteWebhookAsync(string topic, string name, CancellationToken ct = default)
    {
        using var response = await http.DeleteAsync(WebhookPath(topic, name), ct);
        return response.StatusCode switch
        {
            HttpStatusCode.NoContent => true,
            HttpStatusCode.NotFound => false,
            _ => throw await ProblemAsync(response, ct),
        };
    }

    /// <summary>Joins a consumer group as a member for as long as the enumeration runs; rejoins after a dropped connection.</summary>
    public async IAsyncEnumerable<GroupDelivery> JoinGroupAsync(string topic, string group, [EnumeratorCancellation] CancellationToken ct = default)
    {
        while (!ct.IsCancellationRequested)
        {
            await foreach (var (id, e) in ResumingAsync(GroupPath(topic, group) + "/subscribe", ct))
            {
                yield return new GroupDelivery(id!, e!);
            }
        }
    }

    /// <summary>Acknowledges deliveries; returns the ids the group no longer had out (settled already or redelivered).</summary>
    public Task<IReadOnlyList<string>> AckAsync(string topic, string group, IEnumerable<string> deliveryIds, CancellationToken ct = default) =>
        SettleAsync(topic, group, "ack", deliveryIds, ct);

    /// <summary>Gives deliveries back to be delivered again now.</summary>
    public Task<IReadOnlyList<string>> NackAsync(string topic, string group, IEnumerable<string> deliveryIds, CancellationToken ct = default) =>
        SettleAsync(topic, group, "nack", deliveryIds, ct);

    private static string WebhookPath(string topic, string name) => $"topics/{Uri.EscapeDataString(topic)}/webhooks/{Uri.EscapeDataString(name)}";

    private async Task<IReadOnlyList<string>> SettleAsync(string topic, string group, string verb, IEnumerable<string> ids, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync($"{GroupPath(topic, group)}/{verb}", new { ids = ids.ToList() }, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, ct);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        return json.RootElement.GetProperty("unknown").EnumerateArray().Select(i => i.GetString()!).ToList();
    }

    private static string GroupPath(string topic, string group) =>
        $"topics/{Uri.EscapeDataString(topic)}/groups/{Uri.EscapeDataString(group)}";
}
