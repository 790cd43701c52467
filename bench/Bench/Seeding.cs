using System.Net;
using System.Text;
using System.Text.Json;

namespace Bench;

/// <summary>What the catch-up phases share: filling a stream whatever the load, and reading pages back.</summary>
public static class Seeding
{
    /// <summary>Appends <paramref name="body"/> to <paramref name="stream"/>, retrying refusals (503) until it is stored.</summary>
    public static async Task PostUntilCreatedAsync(HttpClient client, string stream, string body)
    {
        while (true)
        {
            using var response = await client.PostAsync($"/streams/{stream}", new StringContent(body, Encoding.UTF8, "application/json"));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Reads pages (<paramref name="pathWithoutPosition"/> followed by the position, <paramref name="start"/>
    /// first, then each page's <c>next</c>) until a page is empty or has no next; the events read.
    /// </summary>
    public static async Task<long> ReadAllPagesAsync(HttpClient client, string pathWithoutPosition, long start, int maxPages = int.MaxValue)
    {
        long position = start, read = 0;
        for (var page = 0; page < maxPages; page++)
        {
            using var response = await client.GetAsync(pathWithoutPosition + position);
            response.EnsureSuccessStatusCode();
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            var count = document.RootElement.GetProperty("events").GetArrayLength();
            read += count;
            var next = document.RootElement.GetProperty("next");
            if (count == 0 || next.ValueKind != JsonValueKind.Number)
            {
                return read;
            }

            position = next.GetInt64();
        }

        return read;
    }
}
