using Cluster.Gateway.Http;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;
using Cluster.Gateway.Streams;
using Cluster.Node.Reads;
using Messages.Streams;

namespace Cluster.Gateway.Retention;

/// <summary>
/// <c>PUT</c>/<c>GET /streams/{stream}/settings</c> and <c>/topics/{topic}/settings</c>: retention,
/// stored in a table every node and gateway reads, applied by every read at once.
/// </summary>
internal static class RetentionSettingsEndpoints
{
    public static void MapRetentionSettings(this IEndpointRouteBuilder app)
    {
        app.MapPut("/streams/{stream}/settings", (string stream, HttpContext context, RetentionSettingsTable table) =>
            PutAsync(context, StreamNames.IsValidName(stream) ? null : Problems.InvalidStreamName(), (s, ct) => table.SetStreamAsync(stream, s, ct)))
            .Requires(Right.Admin, TopicFrom.StreamRoute)
            .DescribesSettings("Set a stream's retention (its own setting wins over its topic's).", put: true);
        app.MapGet("/streams/{stream}/settings", async (string stream, RetentionSettingsTable table, CancellationToken ct) =>
            StreamNames.IsValidName(stream) ? View(await table.ForStreamAsync(stream, ct)) : Problems.InvalidStreamName())
            .Requires(Right.Admin, TopicFrom.StreamRoute)
            .DescribesSettings("A stream's own retention settings.", put: false);
        app.MapPut("/topics/{topic}/settings", (string topic, HttpContext context, RetentionSettingsTable table) =>
            PutAsync(context, CheckTopic(topic), (s, ct) => table.SetTopicAsync(topic, s, ct)))
            .Requires(Right.Admin, TopicFrom.TopicRoute)
            .DescribesSettings("Set the retention of a topic's streams (a stream's own setting wins).", put: true);
        app.MapGet("/topics/{topic}/settings", async (string topic, RetentionSettingsTable table, CancellationToken ct) =>
            CheckTopic(topic) ?? View(await table.ForTopicAsync(topic, ct)))
            .Requires(Right.Admin, TopicFrom.TopicRoute)
            .DescribesSettings("A topic's retention settings.", put: false);
    }

    /// <summary><c>$all</c> is every topic, not one with streams of its own to limit.</summary>
    private static IResult? CheckTopic(string topic) =>
        topic == StreamNames.AllTopic ? Problems.BadRequest("$all has no settings of its own; set them per topic or per stream.")
        : !StreamNames.IsValidTopic(topic) ? Problems.InvalidTopic()
        : null;

    private static async Task<IResult> PutAsync(HttpContext context, IResult? invalid, Func<RetentionSettings, CancellationToken, Task> save)
    {
        if (invalid is not null)
        {
            return invalid;
        }

        var (settings, error) = RetentionRequests.ParseSettings(await RequestBody.ReadAsync(context, 4096, context.RequestAborted));
        if (settings is null)
        {
            return Problems.BadRequest(error!);
        }

        await save(settings, context.RequestAborted);
        return View(settings);
    }

    private static IResult View(RetentionSettings settings) => Results.Ok(new RetentionSettingsView(settings.MaxCount, settings.MaxAgeSeconds));

    private static RouteHandlerBuilder DescribesSettings(this RouteHandlerBuilder builder, string summary, bool put)
    {
        builder.WithTags("Retention").WithSummary(summary)
            .Produces<RetentionSettingsView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return put ? builder.WithRequestBody<RetentionSettingsView>(ApiMediaTypes.Json) : builder;
    }
}
