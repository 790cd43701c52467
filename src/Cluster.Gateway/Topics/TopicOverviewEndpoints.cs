using Cluster.Gateway.Http;
using Cluster.Node.Reads;
using Cluster.Gateway.Stats;
using Messages.Streams;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Topics;

/// <summary><c>GET /topics</c> (from the journal) and <c>GET /topics/{topic}/stats</c> (from the live flow).</summary>
internal static class TopicOverviewEndpoints
{
    public static void MapTopicOverview(this IEndpointRouteBuilder app)
    {
        // With API keys, a key sees the topics it may subscribe to.
        app.MapGet("/topics", async (HttpContext context, JournalReader journal, CancellationToken ct) =>
            Results.Ok(new TopicList(
                (await journal.ReadTopicsAsync(ct)).Where(t => ApiKeyMiddleware.Allows(context, Right.Subscribe, t.Topic)).ToList())))
            .Requires(Right.Subscribe, TopicFrom.Endpoint)
            .WithTags("Topics")
            .WithSummary("Every topic (that this key may subscribe to) with its stream and event counts.")
            .Produces<TopicList>(StatusCodes.Status200OK);
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
            return Results.Ok(new TopicStatsView(s.Topic, s.WindowSeconds, s.Events, s.PerSecond, s.ByType, s.ActiveStreams, s.StreamsCapped));
        }).Requires(Right.Subscribe, TopicFrom.TopicRoute)
            .WithTags("Topics")
            .WithSummary("A topic's (or $all's) live statistics over the last window.")
            .WithQuery("windowSeconds", $"The window, 1 to {TopicWindows.MaxWindowSeconds} seconds (default 60).")
            .Produces<TopicStatsView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
