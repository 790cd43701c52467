using Akka.Actor;
using Akka.Hosting;
using Cluster.Node.Streams;
using Cluster.Node.Telemetry;
using Messages.Streams;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Ingestion;

/// <summary>
/// The bounded write path between HTTP and the stream entities: at most
/// <see cref="GatewayOptions.IngestParallelism"/> appends in flight to the shard region and at most
/// <see cref="GatewayOptions.IngestQueueCapacity"/> more waiting for a slot. Beyond that,
/// <see cref="TrySubmit"/> refuses at once (the caller answers 503): nothing queues without bound.
/// </summary>
/// <remarks>
/// An append that finds a free slot asks the region on the caller's own thread: no queue, stream
/// stage or extra task sits between the request and the entity, because every thread hop costs
/// latency and CPU on the single-event path. Only appends that must wait for a slot await one.
/// </remarks>
public sealed class AppendPipeline : IDisposable
{
    private readonly IRequiredActor<StreamRegion> _region;
    private readonly TimeSpan _timeout;
    private readonly int _admissionLimit;
    private readonly SemaphoreSlim _slots;
    private int _admitted;

    public AppendPipeline(IRequiredActor<StreamRegion> region, IOptions<GatewayOptions> options)
    {
        _region = region;
        _timeout = options.Value.AppendTimeout;
        _slots = new SemaphoreSlim(options.Value.IngestParallelism, options.Value.IngestParallelism);
        _admissionLimit = options.Value.IngestParallelism + options.Value.IngestQueueCapacity;
        var (parallelism, queue) = (options.Value.IngestParallelism, options.Value.IngestQueueCapacity);
        GaugeReadings.SetIngestionSource(() =>
        {
            var inFlight = parallelism - _slots.CurrentCount;
            return (inFlight, Math.Max(0, Volatile.Read(ref _admitted) - inFlight), parallelism, queue);
        });
    }

    /// <summary>Admits an append; null when every slot and every waiting place is taken.</summary>
    public Task<IAppendReply>? TrySubmit(AppendEvents command, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _admitted) > _admissionLimit)
        {
            Interlocked.Decrement(ref _admitted);
            return null;
        }

        return SendAsync(command, ct);
    }

    public void Dispose() => _slots.Dispose();

    private async Task<IAppendReply> SendAsync(AppendEvents command, CancellationToken ct)
    {
        var holdsSlot = false;
        try
        {
            holdsSlot = _slots.Wait(0);
            if (!holdsSlot)
            {
                await _slots.WaitAsync(ct);
                holdsSlot = true;
            }

            return await _region.ActorRef.Ask<IAppendReply>(command, _timeout, ct);
        }
        finally
        {
            if (holdsSlot)
            {
                _slots.Release();
            }

            Interlocked.Decrement(ref _admitted);
        }
    }
}
