using Akka.Actor;
using Cluster.Node.Health;
using Cluster.Node.Reads;
using Cluster.Node.Storage;
using Cluster.Node.Streams;
using Microsoft.Extensions.Hosting;

namespace Cluster.Node.Hosting;

/// <summary>Starts the journal and creates the read indexes once the ActorSystem runs; readiness waits for it.</summary>
public sealed class JournalStartup(ActorSystem system, JournalStore store, JournalReader reader, JournalPreparation preparation) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ReadIndexes.EnsureAsync(system, store, reader, StreamSharding.HostsStreams(system), stoppingToken);
        preparation.MarkDone();
    }
}

/// <summary>Ends the process when its ActorSystem dies (e.g. downed by the split brain resolver), instead of serving on without it.</summary>
public sealed class StopWhenActorSystemTerminates(ActorSystem system, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        system.WhenTerminated.ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
