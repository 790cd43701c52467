using Akka.Hosting;
using Cluster.Gateway.Http;
using Cluster.Gateway.Streams;
using Cluster.Node.Groups;
using Messages.Groups;
using Messages.Streams;
using Microsoft.Extensions.Options;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Groups;

/// <summary>Consumer groups: create, status, delete, ack and nack (<c>/topics/{topic}/groups/{group}</c>).</summary>
internal static class GroupEndpoints
{
    public static void MapGroups(this IEndpointRouteBuilder app)
    {
        app.MapConsumer<GroupDefinitionToWrite, GroupDescription>(ConsumerKind.Group);
        app.MapPost("/topics/{topic}/groups/{group}/ack", (string topic, string group, HttpContext context, IRequiredActor<GroupRegion> region, IOptions<GatewayOptions> options) =>
            SettleAsync(topic, group, ack: true, context, region, options)).Requires(Right.Subscribe, TopicFrom.TopicRoute)
            .WithTags("Consumer groups")
            .WithSummary("Acknowledge deliveries: they are done and the checkpoint may move past them.")
            .DescribesSettle();
        app.MapPost("/topics/{topic}/groups/{group}/nack", (string topic, string group, HttpContext context, IRequiredActor<GroupRegion> region, IOptions<GatewayOptions> options) =>
            SettleAsync(topic, group, ack: false, context, region, options)).Requires(Right.Subscribe, TopicFrom.TopicRoute)
            .WithTags("Consumer groups")
            .WithSummary("Refuse deliveries: they are delivered again (with backoff), then parked after maxDeliveries.")
            .DescribesSettle();
        app.MapGroupSubscribe();
    }

    /// <summary>A 400 for a bad topic or group name, else null.</summary>
    public static IResult? CheckNames(string topic, string group) => ConsumerEndpoints.CheckNames(ConsumerKind.Group, topic, group);

    public static IResult NotFound(string topic, string group) => ConsumerKind.Group.NotFound(topic, group);

    private static async Task<IResult> SettleAsync(string topic, string group, bool ack, HttpContext context, IRequiredActor<GroupRegion> region, IOptions<GatewayOptions> options)
    {
        var ct = context.RequestAborted;
        if (CheckNames(topic, group) is { } invalid)
        {
            return invalid;
        }

        var body = await RequestBody.ReadAsync(context, 256 * 1024, ct);
        if (body.TooLarge)
        {
            return Problems.TooLarge("An ack or nack body is at most 256 KiB.");
        }

        var (ids, error) = GroupRequests.ParseIds(body.Bytes);
        if (ids is null)
        {
            return Problems.BadRequest(error!);
        }

        return await ConsumerEndpoints.AskAsync(region.ActorRef, new SettleDeliveries(topic, group, ids, ack), options, reply => reply switch
        {
            DeliveriesSettled s => Results.Ok(new SettleResult(s.Accepted, s.Unknown)),
            GroupNotFound => NotFound(topic, group),
            _ => GroupAsk.Unexpected(reply),
        }, ct);
    }
}
