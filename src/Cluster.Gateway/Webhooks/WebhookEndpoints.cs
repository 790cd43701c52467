using Akka.Hosting;
using Cluster.Gateway.Groups;
using Cluster.Gateway.Http;
using Cluster.Gateway.Streams;
using Cluster.Node.Webhooks;
using Messages.Groups;
using Messages.Streams;
using Microsoft.Extensions.Options;
using Cluster.Gateway.Security;

namespace Cluster.Gateway.Webhooks;

/// <summary>Webhooks: create, status and delete (<c>/topics/{topic}/webhooks/{name}</c>); parked events are in <see cref="ParkedEndpoints"/>.</summary>
public static class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPut("/topics/{topic}/webhooks/{name}", CreateAsync).Requires(Right.Admin, TopicFrom.TopicRoute);
        app.MapGet("/topics/{topic}/webhooks/{name}", StatusAsync).Requires(Right.Admin, TopicFrom.TopicRoute);
        app.MapDelete("/topics/{topic}/webhooks/{name}", DeleteAsync).Requires(Right.Admin, TopicFrom.TopicRoute);
    }

    private static async Task<IResult> CreateAsync(string topic, string name, HttpContext context, IRequiredActor<WebhookRegion> region, IOptions<GatewayOptions> options, CancellationToken ct)
    {
        if (CheckNames(topic, name) is { } invalid)
        {
            return invalid;
        }

        var body = await RequestBody.ReadAsync(context, 64 * 1024, ct);
        if (body.TooLarge)
        {
            return Problems.TooLarge("A webhook definition is at most 64 KiB.");
        }

        var (definition, error) = WebhookRequests.ParseDefinition(body.Bytes);
        if (definition is null)
        {
            return Problems.BadRequest(error!);
        }

        return await AskAsync(region, new CreateGroup(topic, name, definition), options, reply => reply switch
        {
            GroupCreated { Created: true } => Results.Json(Describe(topic, name, definition), statusCode: StatusCodes.Status201Created),
            GroupCreated => Results.Ok(Describe(topic, name, definition)),
            GroupSettingsConflict => Problems.Create(
                StatusCodes.Status409Conflict,
                "Webhook exists with other settings",
                $"Webhook {name} of topic {topic} exists with other settings; delete it first to change them."),
            _ => GroupAsk.Unexpected(reply),
        }, ct);
    }

    private static Task<IResult> StatusAsync(string topic, string name, IRequiredActor<WebhookRegion> region, IOptions<GatewayOptions> options, CancellationToken ct) =>
        CheckNames(topic, name) is { } invalid
            ? Task.FromResult(invalid)
            : AskAsync(region, new GetGroupStatus(topic, name), options, reply => reply switch
            {
                GroupStatus s => Results.Ok(new { checkpoint = s.Checkpoint, lag = s.Lag, inFlight = s.InFlight, parked = s.Parked, members = s.Members, node = s.Node }),
                GroupNotFound => ConsumerKind.Webhook.NotFound(topic, name),
                _ => GroupAsk.Unexpected(reply),
            }, ct);

    private static Task<IResult> DeleteAsync(string topic, string name, IRequiredActor<WebhookRegion> region, IOptions<GatewayOptions> options, CancellationToken ct) =>
        CheckNames(topic, name) is { } invalid
            ? Task.FromResult(invalid)
            : AskAsync(region, new DeleteGroup(topic, name), options, reply => reply switch
            {
                GroupRemoved => Results.NoContent(),
                GroupNotFound => ConsumerKind.Webhook.NotFound(topic, name),
                _ => GroupAsk.Unexpected(reply),
            }, ct);

    private static IResult? CheckNames(string topic, string name) =>
        !StreamNames.IsValidTopic(topic) ? Problems.InvalidTopic()
        : !StreamNames.IsValidName(name) ? Problems.BadRequest("A webhook name must match ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$.")
        : null;

    private static async Task<IResult> AskAsync(IRequiredActor<WebhookRegion> region, IGroupCommand command, IOptions<GatewayOptions> options, Func<object, IResult> answer, CancellationToken ct) =>
        await GroupAsk.AskAsync(region.ActorRef, command, options, ct) is { } reply ? answer(reply) : GroupAsk.Timeout(command.Topic, command.Group);

    /// <summary>The webhook as created; the secret is never echoed.</summary>
    private static object Describe(string topic, string name, GroupDefinition d) => new
    {
        topic,
        name,
        url = d.Webhook!.Url,
        maxInFlight = d.Webhook.MaxInFlight,
        maxDeliveries = d.MaxDeliveries,
        timeoutSeconds = d.AckTimeoutSeconds,
        startFrom = d.StartFrom == GroupStart.Earliest ? "earliest" : "latest",
        ordering = "stream",
    };
}
