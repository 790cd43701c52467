using Akka.Actor;
using Akka.Hosting;
using Cluster.Gateway.Http;
using Cluster.Node.Groups;
using Messages.Groups;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Groups;

/// <summary>Asks a consumer group through the group region, with the gateway's timeout.</summary>
public static class GroupAsk
{
    /// <summary>The group's answer, or null when it did not answer within <see cref="GatewayOptions.AppendTimeout"/>.</summary>
    public static async Task<object?> AskAsync(IRequiredActor<GroupRegion> region, IGroupCommand command, IOptions<GatewayOptions> options, CancellationToken ct)
    {
        try
        {
            return await region.ActorRef.Ask<object>(command, options.Value.AppendTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    public static IResult Timeout(string topic, string group) =>
        Problems.Timeout($"Group {group} of topic {topic} did not answer in time.");
}
