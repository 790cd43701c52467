using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Cluster.Node.Streams;
using Cluster.Node.Telemetry;
using Messages.Streams;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Ingestion;

/// <summary>
/// The one admission path of every append, whatever its door (<c>POST /streams</c>, each append of
/// <c>POST /ingest</c>): at most <see cref="GatewayOptions.IngestParallelism"/> appends in flight to
/// the shard region and at most <see cref="GatewayOptions.IngestQueueCapacity"/> more waiting for a
/// slot, one timeout (<see cref="GatewayOptions.AppendTimeout"/>, from admission to the entity's
/// answer, slot wait included) and one overload policy: a full gate, a slot not free in time, and a
/// stream answering <see cref="StreamOverloaded"/> are all <see cref="AppendOutcome.Overloaded"/>,
/// which stores nothing and which each door answers in its own shape (503, an error line).
/// </summary>
/// <remarks>
/// An append that finds a free slot asks the region on the caller's own thread: no queue, stream
/// stage or extra task sits between the request and the entity, because every thread hop costs
/// latency and CPU on the single-event path. Only appends that must wait for a slot await one.
/// </remarks>
public sealed class AppendGate : IDisposable
{
    private readonly IRequiredActor<StreamRegion> _region;
    private readonly TimeSpan _timeout;
    private readonly int _admissionLimit;
    private readonly SemaphoreSlim _slots;
    private int _admitted;

    public AppendGate(IRequiredActor<StreamRegion> region, IOptions<GatewayOptions> options)
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

    /// <summary>Admits an append and sends it to its stream; the outcome once the stream answered, or why not.</summary>
    public Task<AppendOutcome> SubmitAsync(AppendEvents command, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _admitted) > _admissionLimit)
        {
            Interlocked.Decrement(ref _admitted);
            return Task.FromResult(AppendOutcome.Overloaded(null));
        }

        return SendAsync(command, ct);
    }

    public void Dispose() => _slots.Dispose();

    private async Task<AppendOutcome> SendAsync(AppendEvents command, CancellationToken ct)
    {
        var admitted = Stopwatch.GetTimestamp();
        var holdsSlot = false;
        try
        {
            holdsSlot = _slots.Wait(0) || await _slots.WaitAsync(_timeout, ct);
            if (!holdsSlot)
            {
                return AppendOutcome.Overloaded(null); // nothing was sent
            }

            var left = _timeout - Stopwatch.GetElapsedTime(admitted);
            var reply = await _region.ActorRef.Ask<IAppendReply>(command, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), ct);
            return reply is StreamOverloaded overloaded ? AppendOutcome.Overloaded(overloaded) : AppendOutcome.Answered(reply);
        }
        catch (AskTimeoutException)
        {
            return AppendOutcome.TimedOut;
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

/// <summary>What became of an append at the gate: the stream's answer, overloaded (nothing stored) or timed out (outcome unknown).</summary>
public sealed record AppendOutcome(IAppendReply? Reply, bool IsOverloaded, bool IsTimedOut)
{
    public static readonly AppendOutcome TimedOut = new(null, false, true);

    /// <summary>Refused for load; <paramref name="stream"/> is the stream's own answer when it was the stream that refused.</summary>
    public static AppendOutcome Overloaded(StreamOverloaded? stream) => new(stream, true, false);

    public static AppendOutcome Answered(IAppendReply reply) => new(reply, false, false);

    /// <summary>Why the append was refused for load, for a problem detail or an error line.</summary>
    public string OverloadReason => Reply is StreamOverloaded o
        ? $"Stream {o.Stream} has {o.QueuedAppends} appends waiting; nothing was stored, retry later."
        : "The ingestion queue is full; nothing was stored, retry later.";
}
