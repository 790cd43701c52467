using Akka.Actor;
using Cluster.Gateway.Http;
using Cluster.Gateway.Streams;
using Messages.Groups;
using Messages.Streams;
using Cluster.Gateway.OpenApi;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Groups;

/// <summary>
/// Create, status and delete, shared by consumer groups and webhooks: both are group entities
/// behind a shard region, told apart by <see cref="ConsumerKind"/>.
/// </summary>
public static class ConsumerEndpoints
{
    /// <summary>Largest group or webhook definition body.</summary>
    public const int MaxDefinitionBytes = 64 * 1024;

    /// <summary>A 400 for a bad topic or name, else null.</summary>
    public static IResult? CheckNames(ConsumerKind kind, string topic, string name) =>
        !StreamNames.IsValidTopic(topic) ? Problems.InvalidTopic()
        : !StreamNames.IsValidName(name) ? Problems.BadRequest($"A {kind.Noun} name must match ^[A-Za-z0-9][A-Za-z0-9_.:-]{{0,199}}$.")
        : null;

    /// <summary>
    /// <c>PUT</c>: 201 created, 200 the same definition exists, 409 another one exists. The body is
    /// parsed by <paramref name="parse"/> and echoed by <paramref name="describe"/> (told whether it
    /// was just created); <paramref name="sameAs"/> may accept an existing definition that differs
    /// only in what the server chose itself (a generated secret) as the same.
    /// </summary>
    public static async Task<IResult> CreateAsync(
        ConsumerKind kind,
        string topic,
        string name,
        HttpContext context,
        IActorRef region,
        IOptions<GatewayOptions> options,
        Func<ReadOnlyMemory<byte>, (GroupDefinition? Definition, string? Error)> parse,
        Func<GroupDefinition, bool, object> describe,
        Func<GroupDefinition, string> conflict,
        Func<GroupDefinition, GroupDefinition, bool>? sameAs = null)
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

        var (definition, error) = parse(body.Bytes);
        if (definition is null)
        {
            return Problems.BadRequest(error!);
        }

        return await AskAsync(region, new CreateGroup(topic, name, definition), options, reply => reply switch
        {
            GroupCreated { Created: true } => Results.Json(describe(definition, true), statusCode: StatusCodes.Status201Created),
            GroupCreated => Results.Ok(describe(definition, false)),
            GroupSettingsConflict c when sameAs?.Invoke(c.Existing, definition) == true => Results.Ok(describe(c.Existing, false)),
            GroupSettingsConflict c => Problems.Create(StatusCodes.Status409Conflict, $"The {kind.Noun} exists with other settings", conflict(c.Existing)),
            _ => GroupAsk.Unexpected(reply),
        }, ct);
    }

    /// <summary><c>GET</c>: <c>{"checkpoint", "lag", "inFlight", "parked", "members", "node"}</c>.</summary>
    public static Task<IResult> StatusAsync(ConsumerKind kind, string topic, string name, IActorRef region, IOptions<GatewayOptions> options, CancellationToken ct) =>
        CheckNames(kind, topic, name) is { } invalid
            ? Task.FromResult(invalid)
            : AskAsync(region, new GetGroupStatus(topic, name), options, reply => reply switch
            {
                GroupStatus s => Results.Ok(new ConsumerStatus(s.Checkpoint, s.Lag, s.InFlight, s.Parked, s.Members, s.Node)),
                GroupNotFound => kind.NotFound(topic, name),
                _ => GroupAsk.Unexpected(reply),
            }, ct);

    /// <summary><c>DELETE</c>: 204, or 404 when there is none.</summary>
    public static Task<IResult> DeleteAsync(ConsumerKind kind, string topic, string name, IActorRef region, IOptions<GatewayOptions> options, CancellationToken ct) =>
        CheckNames(kind, topic, name) is { } invalid
            ? Task.FromResult(invalid)
            : AskAsync(region, new DeleteGroup(topic, name), options, reply => reply switch
            {
                GroupRemoved => Results.NoContent(),
                GroupNotFound => kind.NotFound(topic, name),
                _ => GroupAsk.Unexpected(reply),
            }, ct);

    /// <summary>Asks the entity and maps its answer; a 504 problem when it does not answer in time.</summary>
    public static async Task<IResult> AskAsync(IActorRef region, IGroupCommand command, IOptions<GatewayOptions> options, Func<object, IResult> answer, CancellationToken ct) =>
        await GroupAsk.AskAsync(region, command, options, ct) is { } reply ? answer(reply) : GroupAsk.Timeout(command.Topic, command.Group);
}
