using System.Net.Http.Json;
using System.Text.Json;

namespace EventCluster.Client;

/// <summary>A consumer group's parked events: list them, hand them out again.</summary>
public sealed partial class EventClusterClient
{
    /// <summary>A page of a group's parked events after offset <paramref name="after"/>, in offset order.</summary>
    /// <exception cref="EventClusterException">404 when there is no such group; any other refusal.</exception>
    public async Task<ParkedPage> ListParkedAsync(string topic, string group, long after = 0, int limit = 100, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"{GroupPath(topic, group)}/parked?after={after}&limit={limit}", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, ct);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        var parked = json.RootElement.GetProperty("parked").EnumerateArray()
            .Select(p => new ParkedEvent(ToEvent(p.GetProperty("event")), p.GetProperty("deliveries").GetInt32(), p.GetProperty("reason").GetString()!))
            .ToList();
        return new ParkedPage(parked, json.RootElement.GetProperty("next").GetInt64());
    }

    /// <summary>
    /// Hands a group's parked events out again from attempt 1 (at most the group's read-ahead per
    /// call); returns how many. A replayed event stays parked until acknowledged.
    /// </summary>
    /// <exception cref="EventClusterException">404 when there is no such group; any other refusal.</exception>
    public async Task<int> ReplayParkedAsync(string topic, string group, CancellationToken ct = default)
    {
        using var response = await http.PostAsync($"{GroupPath(topic, group)}/parked/replay", content: null, ct);
        return (await ReadAsync<ReplayAnswer>(response, ct)).Replayed;
    }

    private sealed record ReplayAnswer(int Replayed);
}
