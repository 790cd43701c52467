using Akka.Actor;
using Cluster.Gateway.Http;
using Cluster.Gateway.OpenApi;
using Cluster.Gateway.Security;
using Cluster.Gateway.Streams;
using Messages.Groups;
using Messages.Streams;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Groups;

/// <summary>
/// Create, status, delete and the parked events, shared by consumer groups and webhooks: the same
/// routes below <c>/topics/{topic}/</c> and the <see cref="ConsumerKind"/>'s route, the same
/// answers; what differs is the kind's.
/// </summary>
internal static class ConsumerEndpoints
{
    /// <summary>Largest group or webhook definition body.</summary>
    public const int MaxDefinitionBytes = 64 * 1024;

    /// <summary>Maps <c>PUT</c>, <c>GET</c>, <c>DELETE</c> and the parked endpoints of a kind.</summary>
    public static void MapConsumer<TDefinition, TDescription>(this IEndpointRouteBuilder app, ConsumerKind kind)
    {
        var route = kind.Route;
        app.MapPut(route, (string topic, HttpContext context, IOptions<GatewayOptions> options) => CreateAsync(kind, topic, NameOf(kind, context), context, options))
            .Requires(Right.Admin, TopicFrom.TopicRoute)
            .WithTags(kind.Tag)
            .WithSummary(kind.CreateSummary)
            .DescribesConsumerCreate<TDefinition, TDescription>(kind.Noun);
        app.MapConsumerStatus(kind);
        app.MapDelete(route, (string topic, HttpContext context, IOptions<GatewayOptions> options) => DeleteAsync(kind, topic, NameOf(kind, context), context, options))
            .Requires(Right.Admin, TopicFrom.TopicRoute)
            .WithTags(kind.Tag)
            .WithSummary($"Delete a {kind.Noun}: its checkpoint goes and its deliveries stop.")
            .DescribesConsumerDelete();
        app.MapParked(kind);
    }

    /// <summary>Maps <c>GET</c> of a kind: its status.</summary>
    public static void MapConsumerStatus(this IEndpointRouteBuilder app, ConsumerKind kind) =>
        app.MapGet(kind.Route, (string topic, HttpContext context, IOptions<GatewayOptions> options) => StatusAsync(kind, topic, NameOf(kind, context), context, options))
            .Requires(kind.ReadRight, TopicFrom.TopicRoute)
            .WithTags(kind.Tag)
            .WithSummary($"A {kind.Noun}'s checkpoint, lag, deliveries in flight, parked events and members.")
            .DescribesConsumerAnswer<ConsumerStatus>();

    /// <summary>The name route value of a kind's endpoint (routing matched it, so it is there).</summary>
    public static string NameOf(ConsumerKind kind, HttpContext context) => (string)context.GetRouteValue(kind.NameParameter)!;

    /// <summary>A 400 for a bad topic or name, else null.</summary>
    public static IResult? CheckNames(ConsumerKind kind, string topic, string name) =>
        !StreamNames.IsValidTopic(topic) ? Problems.InvalidTopic()
        : !StreamNames.IsValidName(name) ? Problems.BadRequest($"A {kind.Noun} name must match ^[A-Za-z0-9][A-Za-z0-9_.:-]{{0,199}}$.")
        : null;

    /// <summary>
    /// <c>PUT</c>: 201 created, 200 the same definition exists (or one the kind counts as the same),
    /// 409 another one exists.
    /// </summary>
    private static async Task<IResult> CreateAsync(ConsumerKind kind, string topic, string name, HttpContext context, IOptions<GatewayOptions> options)
    {
        var ct = context.RequestAborted;
        if (CheckNames(kind, topic, name) is { } invalid)
        {
            return invalid;
        }

        var body = await RequestBody.ReadAsync(context, MaxDefinitionBytes, ct);
        if (body.TooLarge)
        {
            return Problems.TooLarge($"A {kind.Noun} definition is at most 64 KiB.");
        }

        var requested = kind.Format.Parse(body.Bytes);
        if (requested.Definition is not { } definition)
        {
            return Problems.BadRequest(requested.Error!);
        }

        return await AskAsync(kind.RegionOf(context.RequestServices), new CreateGroup(topic, name, definition), options, reply => reply switch
        {
            GroupCreated { Created: true } => Results.Json(kind.Format.Describe(topic, name, definition, justCreated: true, requested), statusCode: StatusCodes.Status201Created),
            GroupCreated => Results.Ok(kind.Format.Describe(topic, name, definition, justCreated: false, requested)),
            GroupSettingsConflict c when kind.Format.SameAs(c.Existing, requested) => Results.Ok(kind.Format.Describe(topic, name, c.Existing, justCreated: false, requested)),
            GroupSettingsConflict c => Problems.Create(StatusCodes.Status409Conflict, $"The {kind.Noun} exists with other settings", kind.Format.Conflict(topic, name, c.Existing)),
            _ => GroupAsk.Unexpected(reply),
        }, ct);
    }

    /// <summary><c>GET</c>: <c>{"checkpoint", "lag", "inFlight", "parked", "members", "node"}</c>.</summary>
    private static Task<IResult> StatusAsync(ConsumerKind kind, string topic, string name, HttpContext context, IOptions<GatewayOptions> options) =>
        CheckNames(kind, topic, name) is { } invalid
            ? Task.FromResult(invalid)
            : AskAsync(kind.RegionOf(context.RequestServices), new GetGroupStatus(topic, name), options, reply => reply switch
            {
                GroupStatus s => Results.Ok(new ConsumerStatus(s.Checkpoint, s.Lag, s.InFlight, s.Parked, s.Members, s.Node)),
                GroupNotFound => kind.NotFound(topic, name),
                _ => GroupAsk.Unexpected(reply),
            }, context.RequestAborted);

    /// <summary><c>DELETE</c>: 204, or 404 when there is none.</summary>
    private static Task<IResult> DeleteAsync(ConsumerKind kind, string topic, string name, HttpContext context, IOptions<GatewayOptions> options) =>
        CheckNames(kind, topic, name) is { } invalid
            ? Task.FromResult(invalid)
            : AskAsync(kind.RegionOf(context.RequestServices), new DeleteGroup(topic, name), options, reply => reply switch
            {
                GroupRemoved => Results.NoContent(),
                GroupNotFound => kind.NotFound(topic, name),
                _ => GroupAsk.Unexpected(reply),
            }, context.RequestAborted);

    /// <summary>Asks the entity and maps its answer; a 504 problem when it does not answer in time.</summary>
    public static async Task<IResult> AskAsync(IActorRef region, IGroupCommand command, IOptions<GatewayOptions> options, Func<object, IResult> answer, CancellationToken ct) =>
        await GroupAsk.AskAsync(region, command, options, ct) is { } reply ? answer(reply) : GroupAsk.Timeout(command.Topic, command.Group);
}
