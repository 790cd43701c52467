using Akka.Hosting;
using Cluster.Gateway.Http;
using Cluster.Gateway.Streams;
using Cluster.Node.Groups;
using Messages.Groups;
using Messages.Streams;
using Microsoft.Extensions.Options;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Groups;

/// <summary>Consumer groups: create, status, delete, ack and nack (<c>/topics/{topic}/groups/{group}</c>).</summary>
public static class GroupEndpoints
{
    public static void MapGroups(this IEndpointRouteBuilder app)
    {
        app.MapPut("/topics/{topic}/groups/{group}", CreateAsync).Requires(Right.Admin, TopicFrom.TopicRoute);
        app.MapGet("/topics/{topic}/groups/{group}", StatusAsync).Requires(Right.Subscribe, TopicFrom.TopicRoute);
        app.MapDelete("/topics/{topic}/groups/{group}", DeleteAsync).Requires(Right.Admin, TopicFrom.TopicRoute);
        app.MapPost("/topics/{topic}/groups/{group}/ack", (string topic, string group, HttpContext context, IRequiredActor<GroupRegion> region, IOptions<GatewayOptions> options) =>
            SettleAsync(topic, group, ack: true, context, region, options)).Requires(Right.Subscribe, TopicFrom.TopicRoute);
        app.MapPost("/topics/{topic}/groups/{group}/nack", (string topic, string group, HttpContext context, IRequiredActor<GroupRegion> region, IOptions<GatewayOptions> options) =>
            SettleAsync(topic, group, ack: false, context, region, options)).Requires(Right.Subscribe, TopicFrom.TopicRoute);
        app.MapGroupSubscribe();
        app.MapParked();
    }

    /// <summary>A 400 for a bad topic or group name, else null.</summary>
    public static IResult? CheckNames(string topic, string group) =>
        !StreamNames.IsValidTopic(topic) ? Problems.InvalidTopic()
        : !StreamNames.IsValidName(group) ? Problems.BadRequest("A group name must match ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$.")
        : null;

    public static IResult NotFound(string topic, string group) => ConsumerKind.Group.NotFound(topic, group);

    private static async Task<IResult> CreateAsync(string topic, string group, HttpContext context, IRequiredActor<GroupRegion> region, IOptions<GatewayOptions> options, CancellationToken ct)
    {
        if (CheckNames(topic, group) is { } invalid)
        {
            return invalid;
        }

        var body = await RequestBody.ReadAsync(context, 64 * 1024, ct);
        if (body.TooLarge)
        {
            return Problems.TooLarge("A group definition is at most 64 KiB.");
        }

        var (definition, error) = GroupRequests.ParseDefinition(body.Bytes);
        if (definition is null)
        {
            return Problems.BadRequest(error!);
        }

        return await AskAsync(region, new CreateGroup(topic, group, definition), options, reply => reply switch
        {
            GroupCreated { Created: true } => Results.Json(Describe(topic, group, definition), statusCode: StatusCodes.Status201Created),
            GroupCreated => Results.Ok(Describe(topic, group, definition)),
            GroupSettingsConflict c => Problems.Create(
                StatusCodes.Status409Conflict,
                "Group exists with other settings",
                $"Group {group} of topic {topic} exists with {GroupRequests.Describe(c.Existing)}; delete it first to change them."),
            _ => GroupAsk.Unexpected(reply),
        }, ct);
    }

    private static Task<IResult> StatusAsync(string topic, string group, IRequiredActor<GroupRegion> region, IOptions<GatewayOptions> options, CancellationToken ct) =>
        CheckNames(topic, group) is { } invalid
            ? Task.FromResult(invalid)
            : AskAsync(region, new GetGroupStatus(topic, group), options, reply => reply switch
            {
                GroupStatus s => Results.Ok(new { checkpoint = s.Checkpoint, lag = s.Lag, inFlight = s.InFlight, parked = s.Parked, members = s.Members, node = s.Node }),
                GroupNotFound => NotFound(topic, group),
                _ => GroupAsk.Unexpected(reply),
            }, ct);

    private static Task<IResult> DeleteAsync(string topic, string group, IRequiredActor<GroupRegion> region, IOptions<GatewayOptions> options, CancellationToken ct) =>
        CheckNames(topic, group) is { } invalid
            ? Task.FromResult(invalid)
            : AskAsync(region, new DeleteGroup(topic, group), options, reply => reply switch
            {
                GroupRemoved => Results.NoContent(),
                GroupNotFound => NotFound(topic, group),
                _ => GroupAsk.Unexpected(reply),
            }, ct);

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

        return await AskAsync(region, new SettleDeliveries(topic, group, ids, ack), options, reply => reply switch
        {
            DeliveriesSettled s => Results.Ok(new { accepted = s.Accepted, unknown = s.Unknown }),
            GroupNotFound => NotFound(topic, group),
            _ => GroupAsk.Unexpected(reply),
        }, ct);
    }

    private static async Task<IResult> AskAsync(IRequiredActor<GroupRegion> region, IGroupCommand command, IOptions<GatewayOptions> options, Func<object, IResult> answer, CancellationToken ct) =>
        await GroupAsk.AskAsync(region.ActorRef, command, options, ct) is { } reply ? answer(reply) : GroupAsk.Timeout(command.Topic, command.Group);

    private static object Describe(string topic, string group, GroupDefinition d) => new
    {
        topic,
        group,
        startFrom = d.StartFrom == GroupStart.Earliest ? "earliest" : "latest",
        ackTimeoutSeconds = d.AckTimeoutSeconds,
        maxDeliveries = d.MaxDeliveries,
        ordering = d.Ordering == GroupOrdering.Stream ? "stream" : "none",
    };
}
