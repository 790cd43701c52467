using Cluster.Gateway.Http;
using Cluster.Node.Reads;
using Cluster.Node.Stats;
using Messages.Streams;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Topics;

/// <summary><c>GET /topics</c> (from the journal) and <c>GET /topics/{topic}/stats</c> (from the live flow).</summary>
public static class TopicOverviewEndpoints
{
    public static void MapTopicOverview(this IEndpointRouteBuilder app)
    {
        // With API keys, a key sees the topics it may subscribe to.
        app.MapGet("/topics", async (HttpContext context, JournalReader journal, CancellationToken ct) =>
            Results.Ok(new
            {
                topics = (await journal.ReadTopicsAsync(ct))
                    .Where(t => ApiKeyMiddleware.Allows(context, Right.Subscribe, t.Topic))
                    .Select(t => new { topic = t.Topic, streams = t.Streams, events = t.Events }),
            })).Requires(Right.Subscribe, TopicFrom.Endpoint);
        app.MapGet("/topics/{topic}/stats", (string topic, HttpRequest request, TopicStats stats) =>
        {
            if (!StreamNames.IsValidTopic(topic))
            {
                return Problems.InvalidTopic();
            }

            if (!QueryParameters.TryGetLong(request, "windowSeconds", 60, 1, TopicWindows.MaxWindowSeconds, out var window, out var error))
            {
                return Problems.BadRequest(error!);
            }

            var s = stats.Query(topic, (int)window);
            return Results.Ok(new
            {
                topic = s.Topic,
                windowSeconds = s.WindowSeconds,
                events = s.Events,
                perSecond = s.PerSecond,
                byType = s.ByType,
                activeStreams = s.ActiveStreams,
                activeStreamsCapped = s.StreamsCapped,
            });
        }).Requires(Right.Subscribe, TopicFrom.TopicRoute);
    }
}
