using Cluster.Gateway.CloudEvents;
using Cluster.Gateway.Http;
using Cluster.Gateway.Streams;
using Cluster.Node.Reads;
using Messages.Streams;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Topics;

/// <summary><c>GET /topics/{topic}?after=&amp;limit=</c>: a page of a topic (or <c>$all</c>) in offset order.</summary>
internal static class TopicReadEndpoint
{
    public static void MapTopicReads(this IEndpointRouteBuilder app) =>
        app.MapGet("/topics/{topic}", ReadAsync).Requires(Right.Subscribe, TopicFrom.TopicRoute)
            .WithTags("Topics")
            .WithSummary("Read a page of a topic (or $all), in offset order.")
            .WithQuery("after", "Read events with an offset above this one (default 0).")
            .WithQuery("limit", $"Most events in the page (default 100, at most {StreamReadEndpoints.MaxLimit}).")
            .WithDescription("With Accept: application/cloudevents-batch+json, a JSON array of structured CloudEvents instead, the next page in a Link header.")
            .Produces<TopicPage>(StatusCodes.Status200OK)
            .AlsoProduces<StructuredCloudEvent[]>(StatusCodes.Status200OK, CloudEventForm.BatchMediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<IResult> ReadAsync(string topic, HttpRequest request, JournalReader journal, CancellationToken ct)
    {
        if (!StreamNames.IsValidTopic(topic))
        {
            return Problems.InvalidTopic();
        }

        if (!QueryParameters.TryGetLong(request, "after", 0, 0, long.MaxValue, out var after, out var error)
            || !QueryParameters.TryGetLong(request, "limit", 100, 1, StreamReadEndpoints.MaxLimit, out var limit, out error))
        {
            return Problems.BadRequest(error!);
        }

        var events = await journal.ReadTopicAsync(topic, after, (int)limit, ct);
        var next = events.Count > 0 ? events[^1].Offset : after;
        if (CloudEventResponses.Wanted(request))
        {
            // An empty page has no next: the client is caught up and polls the same position again.
            return CloudEventResponses.Batch(events, withOffset: true, events.Count > 0 ? $"/topics/{Uri.EscapeDataString(topic)}?after={next}&limit={limit}" : null);
        }

        return new JsonBody(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("topic", topic);
            EventJson.WriteArray(writer, "events", events);
            writer.WriteNumber("next", next);
            writer.WriteEndObject();
        });
    }
}
