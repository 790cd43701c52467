using Akka.Actor;
using Cluster.Gateway.Http;
using Messages.Groups;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Groups;

/// <summary>Asks a consumer group or a webhook through its shard region, with the gateway's timeout.</summary>
internal static class GroupAsk
{
    /// <summary>The entity's answer, or null when it did not answer within <see cref="GatewayOptions.GroupAskTimeout"/>.</summary>
    public static Task<object?> AskAsync(IActorRef region, IGroupCommand command, IOptions<GatewayOptions> options, CancellationToken ct) =>
        EdgeAsk.AskAsync(region, command, options.Value.GroupAskTimeout, ct);

    public static IResult Timeout(string topic, string group) =>
        Problems.Timeout($"Group {group} of topic {topic} did not answer in time.");

    /// <summary>A 503 for a failure the entity reported (e.g. the journal could not be read).</summary>
    public static IResult Unexpected(object reply) =>
        reply is Status.Failure f
            ? Problems.Create(StatusCodes.Status503ServiceUnavailable, "Group unavailable", $"The group could not answer: {f.Cause.Message}")
            : throw new InvalidOperationException($"Unexpected group reply {reply.GetType()}.");
}
