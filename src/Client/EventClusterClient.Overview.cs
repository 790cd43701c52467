using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EventCluster.Client;

/// <summary>Looking at the cluster: stream metadata, topics, live statistics, group and webhook progress, members.</summary>
public sealed partial class EventClusterClient
{
    /// <summary>A stream's topic and version; null when the stream has no readable events (404).</summary>
    /// <exception cref="EventClusterException">Any other refusal (e.g. 410 for a tombstoned stream).</exception>
    public Task<StreamInfo?> GetStreamInfoAsync(string stream, CancellationToken ct = default) =>
        GetOrNullAsync<StreamInfo>($"streams/{Uri.EscapeDataString(stream)}/info", ct);

    /// <summary>Every topic (that the key may subscribe to) with its stream and event counts.</summary>
    public async Task<IReadOnlyList<TopicSummary>> ListTopicsAsync(CancellationToken ct = default)
    {
        using var response = await http.GetAsync("topics", ct);
        var list = await ReadAsync<TopicListAnswer>(response, ct);
        return list.Topics;
    }

    /// <summary>A topic's (or <c>$all</c>'s) live statistics over the last <paramref name="windowSeconds"/> (1 to 300).</summary>
    public async Task<TopicStatistics> GetTopicStatsAsync(string topic, int windowSeconds = 60, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"topics/{Uri.EscapeDataString(topic)}/stats?windowSeconds={windowSeconds}", ct);
        return await ReadAsync<TopicStatistics>(response, ct);
    }

    /// <summary>A consumer group's checkpoint, lag, deliveries in flight, parked events and members; null when there is no such group.</summary>
    public Task<ConsumerStatus?> GetGroupStatusAsync(string topic, string group, CancellationToken ct = default) =>
        GetOrNullAsync<ConsumerStatus>(GroupPath(topic, group), ct);

    /// <summary>A webhook's progress, as a group's; null when there is no such webhook.</summary>
    public Task<ConsumerStatus?> GetWebhookStatusAsync(string topic, string name, CancellationToken ct = default) =>
        GetOrNullAsync<ConsumerStatus>(WebhookPath(topic, name), ct);

    /// <summary>The cluster as the answering node sees it (needs <c>admin</c> on <c>*</c> when API keys are on).</summary>
    public async Task<ClusterState> GetClusterAsync(CancellationToken ct = default)
    {
        using var response = await http.GetAsync("cluster", ct);
        return await ReadAsync<ClusterState>(response, ct);
    }

    /// <summary>GETs a JSON document; null on 404, the problem thrown on any other refusal.</summary>
    private async Task<T?> GetOrNullAsync<T>(string path, CancellationToken ct)
        where T : class
    {
        using var response = await http.GetAsync(path, ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<T>(response, ct);
    }

    /// <summary>A successful answer's JSON body as <typeparamref name="T"/>; a refusal thrown as its problem.</summary>
    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, ct);
        }

        return await response.Content.ReadFromJsonAsync<T>(Wire.Options, ct)
            ?? throw new JsonException($"{response.RequestMessage?.RequestUri} answered null.");
    }

    private sealed record TopicListAnswer(IReadOnlyList<TopicSummary> Topics);
}
