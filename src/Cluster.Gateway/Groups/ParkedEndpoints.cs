using Akka.Actor;
using Akka.Hosting;
using Cluster.Gateway.Http;
using Cluster.Gateway.Streams;
using Cluster.Node.Groups;
using Cluster.Node.Reads;
using Cluster.Node.Webhooks;
using Messages.Groups;
using Microsoft.Extensions.Options;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Groups;

/// <summary>
/// <c>GET /topics/{topic}/groups/{group}/parked?after=&amp;limit=</c>: the group's parked events, as read
/// plus <c>deliveries</c> and <c>reason</c>, in offset order; <c>POST …/parked/replay</c>: hand them
/// out again. The same under <c>/topics/{topic}/webhooks/{name}/</c> for a webhook's parked events.
/// </summary>
internal static class ParkedEndpoints
{
    /// <summary>Maps <c>GET …/parked</c> and <c>POST …/parked/replay</c> of a kind.</summary>
    public static void MapParked(this IEndpointRouteBuilder app, ConsumerKind kind)
    {
        app.MapGet(kind.Route + "/parked", (string topic, HttpContext context, JournalReader journal, IOptions<GatewayOptions> options) =>
            ListAsync(kind, topic, ConsumerEndpoints.NameOf(kind, context), context.Request, journal, kind.RegionOf(context.RequestServices), options, context.RequestAborted))
            .Requires(kind.ReadRight, TopicFrom.TopicRoute)
            .WithTags(kind.Tag)
            .WithSummary($"A {kind.Noun}'s parked events, in offset order.")
            .DescribesParkedList();
        app.MapPost(kind.Route + "/parked/replay", (string topic, HttpContext context, IOptions<GatewayOptions> options) =>
            ReplayAsync(kind, topic, ConsumerEndpoints.NameOf(kind, context), kind.RegionOf(context.RequestServices), options, context.RequestAborted))
            .Requires(Right.Admin, TopicFrom.TopicRoute)
            .WithTags(kind.Tag)
            .WithSummary($"Hand a {kind.Noun}'s parked events out again.")
            .DescribesConsumerAnswer<ReplayResult>();
    }

    private static async Task<IResult> ListAsync(
        ConsumerKind kind, string topic, string group, HttpRequest request, JournalReader journal, IActorRef region, IOptions<GatewayOptions> options, CancellationToken ct)
    {
        if (ConsumerEndpoints.CheckNames(kind, topic, group) is { } invalid)
        {
            return invalid;
        }

        if (!QueryParameters.TryGetLong(request, "after", 0, 0, long.MaxValue, out var after, out var error)
            || !QueryParameters.TryGetLong(request, "limit", 100, 1, StreamReadEndpoints.MaxLimit, out var limit, out error))
        {
            return Problems.BadRequest(error!);
        }

        switch (await GroupAsk.AskAsync(region, new GetGroupStatus(topic, group), options, ct))
        {
            case null:
                return GroupAsk.Timeout(topic, group);
            case not GroupStatus:
                return kind.NotFound(topic, group);
        }

        var parked = ParkedList.Fold(await journal.ReadJournalAsync(kind.PersistenceIdOf(topic, group), ct))
            .Where(p => p.Offset > after)
            .Take((int)limit)
            .ToList();
        var events = (await journal.ReadOffsetsAsync(parked.Select(p => p.Offset).ToList(), ct)).ToDictionary(e => e.Offset);
        var next = parked.Count > 0 ? parked[^1].Offset : after;
        return new JsonBody(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("parked");
            foreach (var p in parked)
            {
                if (!events.TryGetValue(p.Offset, out var stored))
                {
                    continue; // deleted or expired since it was parked: a replay resolves it
                }

                writer.WriteStartObject();
                writer.WritePropertyName("event");
                EventJson.Write(writer, stored);
                writer.WriteNumber("deliveries", p.Deliveries);
                writer.WriteString("reason", p.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("next", next);
            writer.WriteEndObject();
        });
    }

    private static async Task<IResult> ReplayAsync(
        ConsumerKind kind, string topic, string group, IActorRef region, IOptions<GatewayOptions> options, CancellationToken ct)
    {
        if (ConsumerEndpoints.CheckNames(kind, topic, group) is { } invalid)
        {
            return invalid;
        }

        return await GroupAsk.AskAsync(region, new ReplayParked(topic, group), options, ct) switch
        {
            ParkedReplayed r => Results.Ok(new ReplayResult(r.Count)),
            GroupNotFound => kind.NotFound(topic, group),
            null => GroupAsk.Timeout(topic, group),
            var other => Problems.Create(StatusCodes.Status503ServiceUnavailable, "Group unavailable", $"Unexpected answer {other.GetType().Name}."),
        };
    }
}
