using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Cluster.Node.Groups;
using Cluster.Node.Reads;
using Cluster.Node.Streams;
using Cluster.Node.Webhooks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cluster.Node.Health;

/// <summary>Live while the ActorSystem runs; a process whose ActorSystem terminated also stops itself (<see cref="Hosting.StopWhenActorSystemTerminates"/>).</summary>
public sealed class ActorSystemCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(system.WhenTerminated.IsCompleted
            ? HealthCheckResult.Unhealthy("The ActorSystem has terminated.")
            : HealthCheckResult.Healthy());
}

/// <summary>Ready only as a member of the cluster with status Up.</summary>
public sealed class ClusterMemberCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = Akka.Cluster.Cluster.Get(system).SelfMember.Status;
        return Task.FromResult(status == MemberStatus.Up
            ? HealthCheckResult.Healthy("Up")
            : HealthCheckResult.Unhealthy($"Cluster member status {status}."));
    }
}

/// <summary>Ready only when the journal was prepared (indexes) and answers a query now.</summary>
public sealed class JournalCheck(JournalReader reader, JournalPreparation preparation) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!preparation.Done)
        {
            return HealthCheckResult.Unhealthy("The journal is being prepared.");
        }

        try
        {
            return await reader.IsReachableAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The journal does not answer.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The journal does not answer.", e);
        }
    }
}

/// <summary>Ready only once the stream, group and webhook shard regions (or their proxies) are registered.</summary>
public sealed class ShardRegionsCheck(ActorRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = new List<string>();
        if (!registry.TryGet<StreamRegion>(out _))
        {
            missing.Add("streams");
        }

        if (!registry.TryGet<GroupRegion>(out _))
        {
            missing.Add("groups");
        }

        if (!registry.TryGet<WebhookRegion>(out _))
        {
            missing.Add("webhooks");
        }

        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Shard regions not started: {string.Join(", ", missing)}."));
    }
}

/// <summary>Set once the journal's schema and indexes are in place (<see cref="Hosting.JournalStartup"/>).</summary>
public sealed class JournalPreparation
{
    private volatile bool _done;

    public bool Done => _done;

    public void MarkDone() => _done = true;
}
