using System.Globalization;
using Cluster.Gateway.CloudEvents;
using Cluster.Gateway.Http;
using Cluster.Node.Reads;
using Cluster.Node.Telemetry;
using Messages.Streams;
using Microsoft.Extensions.Options;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Subscriptions;

/// <summary>
/// <c>GET /streams/{stream}/subscribe?from=</c> and <c>GET /topics/{topic}/subscribe?after=</c>:
/// server-sent events, catch-up then live. <c>Last-Event-ID</c> resumes after that id.
/// </summary>
internal static class SubscribeEndpoints
{
    public static void MapSubscriptions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/streams/{stream}/subscribe", SubscribeStreamAsync).Requires(Right.Subscribe, TopicFrom.StreamRoute)
            .DescribedAsSubscription("a stream", "catch-up from a sequence", "the stream sequence", "from", "First sequence to deliver (default 1).");
        app.MapGet("/topics/{topic}/subscribe", SubscribeTopicAsync).Requires(Right.Subscribe, TopicFrom.TopicRoute)
            .DescribedAsSubscription("a topic or $all", "catch-up after an offset", "the offset", "after", "Deliver events with an offset above this one (default 0).");
    }

    /// <summary>An SSE subscription: counted per client, and described the same way for streams and topics.</summary>
    private static RouteHandlerBuilder DescribedAsSubscription(
        this RouteHandlerBuilder builder, string what, string catchUp, string id, string position, string positionMeaning) =>
        builder.IsSubscription()
            .WithTags("Subscriptions")
            .WithSummary($"Subscribe to {what}: server-sent events, {catchUp}, then live.")
            .WithDescription($"Each SSE message is one event as read (data:), its id: {id}. Reconnecting with Last-Event-ID resumes after it.")
            .WithQuery(position, positionMeaning)
            .WithHeader("Last-Event-ID", $"Resume after this id (wins over {position}).")
            .WithQuery("format", "cloudevents: each data: line is one structured CloudEvent.", Microsoft.OpenApi.JsonSchemaType.String)
            .Produces<EventAsRead>(StatusCodes.Status200OK, ApiMediaTypes.EventStream)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task SubscribeStreamAsync(
        string stream, HttpContext context, JournalReader journal, CommitSignals signals, IOptions<GatewayOptions> options)
    {
        if (!StreamNames.IsValidName(stream))
        {
            await Problems.InvalidStreamName().ExecuteAsync(context);
            return;
        }

        // The cursor is the last sequence already seen: from=N starts after N-1.
        long cursor;
        if (TryLastEventId(context.Request, out var lastId, out var error))
        {
            cursor = lastId ?? 0;
            if (lastId is null)
            {
                if (!QueryParameters.TryGetLong(context.Request, "from", 1, 1, long.MaxValue, out var from, out error))
                {
                    await Problems.BadRequest(error!).ExecuteAsync(context);
                    return;
                }

                cursor = from - 1;
            }
        }
        else
        {
            await Problems.BadRequest(error!).ExecuteAsync(context);
            return;
        }

        var loop = new CatchUpThenLive(
            signals,
            CommitSignals.StreamKey(stream),
            (after, limit, ct) => journal.ReadStreamAsync(stream, after + 1, limit, ct),
            e => e.Sequence,
            options.Value);
        await RunUntilDisconnectAsync(loop, context, cursor, "stream", withOffset: false);
    }

    private static async Task SubscribeTopicAsync(
        string topic, HttpContext context, JournalReader journal, CommitSignals signals, IOptions<GatewayOptions> options)
    {
        if (!StreamNames.IsValidTopic(topic))
        {
            await Problems.InvalidTopic().ExecuteAsync(context);
            return;
        }

        if (!TryLastEventId(context.Request, out var lastId, out var error)
            || !QueryParameters.TryGetLong(context.Request, "after", 0, 0, long.MaxValue, out var after, out error))
        {
            await Problems.BadRequest(error!).ExecuteAsync(context);
            return;
        }

        var loop = new CatchUpThenLive(
            signals,
            CommitSignals.TopicKey(topic),
            (cursor, limit, ct) => journal.ReadTopicAsync(topic, cursor, limit, ct),
            e => e.Offset,
            options.Value);
        await RunUntilDisconnectAsync(loop, context, lastId ?? after, "topic", withOffset: true);
    }

    private static async Task RunUntilDisconnectAsync(CatchUpThenLive loop, HttpContext context, long cursor, string kind, bool withOffset)
    {
        // ?format=cloudevents: each data: line is one structured CloudEvent instead of the event as read.
        Func<StoredEvent, ReadOnlyMemory<byte>>? dataOf = context.Request.Query["format"] == "cloudevents"
            ? stored => CloudEventForm.Structured(stored, withOffset)
            : null;
        var tag = new KeyValuePair<string, object?>("kind", kind);
        GatewayMetrics.LiveSubscriptions.Add(1, tag);
        try
        {
            await loop.RunAsync(new EventStreamWriter(context.Response, dataOf), cursor, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: the normal end of a subscription.
        }
        finally
        {
            GatewayMetrics.LiveSubscriptions.Add(-1, tag);
        }
    }

    private static bool TryLastEventId(HttpRequest request, out long? lastId, out string? error)
    {
        lastId = null;
        error = null;
        var header = request.Headers["Last-Event-ID"].ToString();
        if (header.Length == 0)
        {
            return true;
        }

        if (long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            lastId = id;
            return true;
        }

        error = "Last-Event-ID must be a non-negative integer (an id this subscription sent).";
        return false;
    }
}
