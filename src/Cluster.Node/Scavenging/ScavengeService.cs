using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Node.Scavenging;

/// <summary>
/// Runs the scavenge every <see cref="ScavengeOptions.ScavengeInterval"/> and on request, in every
/// process; the lease in <see cref="ScavengeState"/> lets one run at a time across the cluster.
/// </summary>
public sealed class ScavengeService(Scavenger scavenger, ScavengeOptions options, ILogger<ScavengeService> logger) : BackgroundService
{
    // One pending request is enough: a run started after it covers everything asked for before.
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly string _owner = $"{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Asks for a run as soon as possible (<c>POST /admin/scavenge</c>).</summary>
    public void Request() => _requests.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ScavengeInterval);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            var request = _requests.Reader.WaitToReadAsync(stoppingToken).AsTask();
            if (await Task.WhenAny(tick, request) == tick)
            {
                tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
            }
            else
            {
                _requests.Reader.TryRead(out _);
            }

            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                if (!await scavenger.RunAsync(_owner, stoppingToken))
                {
                    logger.LogInformation("A scavenge runs elsewhere in the cluster; this one is skipped");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The scavenge failed; the next one resumes where it stopped");
            }
        }
    }
}
