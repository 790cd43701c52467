using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cluster.Gateway.Subscriptions;

/// <summary>Set once the commit announcements of every node reach this gateway (<see cref="CommitFeedProber"/>).</summary>
internal sealed class CommitFeedReadiness
{
    private volatile bool _reached;

    public bool Reached => _reached;

    public void MarkReached() => _reached = true;
}

/// <summary>Ready only once live subscriptions on this gateway wake at every node's commits, not at the poll fallback.</summary>
internal sealed class CommitFeedCheck(CommitFeedReadiness feed) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(feed.Reached
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Waiting for every node's commit announcements to reach this gateway."));
}
