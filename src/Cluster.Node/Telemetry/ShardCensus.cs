using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Cluster.Node.Streams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Node.Telemetry;

/// <summary>
/// Every 5 s, asks this node's stream shard region how many shards and entities it hosts, for the
/// <c>eventcluster.shards</c> and <c>eventcluster.entities</c> gauges (a gauge callback cannot wait
/// for an actor's answer). Does nothing on a process that only proxies to the nodes.
/// </summary>
public sealed class ShardCensus(ActorSystem system, ActorRegistry registry, ILogger<ShardCensus> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private HashSet<string> _hosted = [];

    /// <summary>One line when shards arrived here or left since the last census (a rebalance, a failover, a start).</summary>
    private void LogRebalance(HashSet<string> hosted)
    {
        var arrived = hosted.Except(_hosted).Order(StringComparer.Ordinal).ToList();
        var left = _hosted.Except(hosted).Order(StringComparer.Ordinal).ToList();
        if (arrived.Count > 0 || left.Count > 0)
        {
            logger.LogInformation(
                "Stream shards on {Self}: {Arrived} arrived ({ArrivedIds}), {Left} left ({LeftIds}); {Hosted} hosted",
                Akka.Cluster.Cluster.Get(system).SelfAddress, arrived.Count, string.Join(",", arrived), left.Count, string.Join(",", left), hosted.Count);
        }

        _hosted = hosted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!StreamSharding.HostsStreams(system))
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        do
        {
            if (!registry.TryGet<StreamRegion>(out var region))
            {
                continue;
            }

            try
            {
                var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Interval, stoppingToken);
                GaugeReadings.SetCensus(state.Shards.Count, state.Shards.Sum(s => s.EntityIds.Count));
                LogRebalance(state.Shards.Select(s => s.ShardId).ToHashSet());
            }
            catch (AskTimeoutException)
            {
                logger.LogDebug("The stream shard region did not report its state in time.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
