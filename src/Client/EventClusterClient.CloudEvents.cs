using System.Globalization;
using System.Net;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;

namespace EventCluster.Client;

/// <summary>A page of events read in CloudEvents form; <see cref="Next"/> is where the next page starts (null: none yet).</summary>
public sealed record CloudEventPage(IReadOnlyList<CloudEvent> Events, long? Next);

/// <summary>Publishing and reading CloudEvents (CNCF CloudEvents 1.0, HTTP binding) with the official SDK.</summary>
public sealed partial class EventClusterClient
{
    private static readonly JsonEventFormatter CloudEventFormatter = new();
    private static readonly CloudEventAttribute[] PositionExtensions =
    [
        CloudEventAttribute.CreateExtension("stream", CloudEventAttributeType.String),
        CloudEventAttribute.CreateExtension("sequence", CloudEventAttributeType.String),
        CloudEventAttribute.CreateExtension("offset", CloudEventAttributeType.String),
    ];

    /// <summary>
    /// Appends one CloudEvent (structured mode) to a stream. Its (<c>source</c>, <c>id</c>) pair is the
    /// idempotency key: sending it again answers the stored sequence (<see cref="AppendResult.AlreadyStored"/>).
    /// </summary>
    public Task<AppendResult> PublishCloudEventAsync(string stream, CloudEvent cloudEvent, CancellationToken ct = default) =>
        SendAppendAsync(stream, () => cloudEvent.ToHttpContent(ContentMode.Structured, CloudEventFormatter), null, ct);

    /// <summary>Appends CloudEvents as one atomic batch (batched mode): all stored, in order, or none.</summary>
    public Task<AppendResult> PublishCloudEventsAsync(string stream, IReadOnlyList<CloudEvent> cloudEvents, CancellationToken ct = default) =>
        SendAppendAsync(stream, () => cloudEvents.ToHttpContent(CloudEventFormatter), null, ct);

    /// <summary>A page of a stream as CloudEvents (with the extensions <c>stream</c> and <c>sequence</c>).</summary>
    public Task<CloudEventPage> ReadStreamAsCloudEventsAsync(string stream, long from = 1, int limit = 100, CancellationToken ct = default) =>
        CloudEventPageAsync($"streams/{Uri.EscapeDataString(stream)}?from={from}&limit={limit}", "from", ct);

    /// <summary>A page of a topic (or <c>$all</c>) as CloudEvents (with the extensions <c>stream</c>, <c>sequence</c> and <c>offset</c>).</summary>
    public Task<CloudEventPage> ReadTopicAsCloudEventsAsync(string topic, long after = 0, int limit = 100, CancellationToken ct = default) =>
        CloudEventPageAsync($"topics/{Uri.EscapeDataString(topic)}?after={after}&limit={limit}", "after", ct);

    private async Task<CloudEventPage> CloudEventPageAsync(string path, string position, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/cloudevents-batch+json");
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ProblemAsync(response, ct);
        }

        var events = await response.ToCloudEventBatchAsync(CloudEventFormatter, PositionExtensions);
        return new CloudEventPage(events, NextFromLink(response, position));
    }

    /// <summary>The position named in the <c>Link: &lt;…&gt;; rel="next"</c> header, if any.</summary>
    private static long? NextFromLink(HttpResponseMessage response, string position)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links)
        {
            var start = link.IndexOf('<');
            var end = link.IndexOf('>');
            if (start < 0 || end < start || !link.Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                continue;
            }

            var query = link[(start + 1)..end].Split('?', 2) is [_, var q] ? q : "";
            foreach (var pair in query.Split('&'))
            {
                if (pair.Split('=', 2) is [var name, var value] && name == position
                    && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var next))
                {
                    return next;
                }
            }
        }

        return null;
    }
}
