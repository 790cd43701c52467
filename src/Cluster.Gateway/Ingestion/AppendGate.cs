using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Hosting;
using Cluster.Node.Streams;
using Cluster.Node.Telemetry;
using Messages.Streams;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Ingestion;

/// <summary>
/// The one admission path of every append, whatever its door (<c>POST /streams</c>, the appends of
/// <c>POST /ingest</c>): at most <see cref="GatewayOptions.IngestParallelism"/> appends in flight to
/// the shard region and at most <see cref="GatewayOptions.IngestQueueCapacity"/> more waiting for a
/// slot, one timeout (<see cref="GatewayOptions.AppendTimeout"/>, from admission to the entity's
/// answer, slot wait included) and one overload policy: a full gate, a slot not free in time, and a
/// stream answering <see cref="StreamOverloaded"/> are all <see cref="AppendOutcome.Overloaded"/>,
/// which stores nothing and which each door answers in its own shape (503, an error line).
/// </summary>
/// <remarks>
/// Appends are sent on the caller's own thread as soon as each has a slot, with one
/// <see cref="AppendReplyCollector"/> as the sender of all appends submitted together: a request
/// that appends to 100 streams pays for one reply path, one timeout and one wake-up, not 100.
/// A slot is released the moment its append is answered, so a set that waits for slots never
/// holds others up for longer than its own answers take.
/// </remarks>
internal sealed class AppendGate : IDisposable
{
    private readonly IRequiredActor<StreamRegion> _region;
    private readonly IActorRefProvider _provider;
    private readonly TimeSpan _timeout;
    private readonly int _admissionLimit;
    private readonly SemaphoreSlim _slots;
    private int _admitted;

    public AppendGate(ActorSystem system, IRequiredActor<StreamRegion> region, IOptions<GatewayOptions> options, IMeterFactory meters)
    {
        _region = region;
        _provider = ((ExtendedActorSystem)system).Provider;
        _timeout = options.Value.AppendTimeout;
        _slots = new SemaphoreSlim(options.Value.IngestParallelism, options.Value.IngestParallelism);
        _admissionLimit = options.Value.IngestParallelism + options.Value.IngestQueueCapacity;
        var (parallelism, queue) = (options.Value.IngestParallelism, options.Value.IngestQueueCapacity);
        meters.Create(ClusterMetrics.MeterName).CreateObservableGauge(
            "eventcluster.ingestion.queue",
            () =>
            {
                var inFlight = parallelism - _slots.CurrentCount;
                return new Measurement<int>[]
                {
                    new(inFlight, new KeyValuePair<string, object?>("state", "in_flight")),
                    new(Math.Max(0, Volatile.Read(ref _admitted) - inFlight), new KeyValuePair<string, object?>("state", "waiting")),
                    new(parallelism, new KeyValuePair<string, object?>("state", "max_in_flight")),
                    new(queue, new KeyValuePair<string, object?>("state", "max_waiting")),
                };
            },
            "{append}",
            "Gateway appends in flight and waiting for a slot, and their limits."); // a gauge of this host's meter: it goes with the host
    }

    /// <summary>Admits an append and sends it to its stream; the outcome once the stream answered, or why not.</summary>
    public async Task<AppendOutcome> SubmitAsync(AppendEvents append, CancellationToken ct) =>
        (await SubmitAllAsync([append], ct))[0];

    /// <summary>
    /// Admits appends to distinct streams together (all or none: a gate without room for all of them
    /// refuses all) and sends each as it gets a slot; the outcomes by index once every stream
    /// answered or the timeout passed.
    /// </summary>
    public async Task<IReadOnlyList<AppendOutcome>> SubmitAllAsync(IReadOnlyList<AppendEvents> appends, CancellationToken ct)
    {
        if (appends.Count == 0)
        {
            return [];
        }

        if (Interlocked.Add(ref _admitted, appends.Count) > _admissionLimit)
        {
            Interlocked.Add(ref _admitted, -appends.Count);
            return Enumerable.Repeat(AppendOutcome.GateFull, appends.Count).ToArray();
        }

        var admitted = Stopwatch.GetTimestamp();
        var holdsSlot = new bool[appends.Count];
        var collector = new AppendReplyCollector(_provider, appends, index =>
        {
            if (holdsSlot[index])
            {
                _slots.Release();
            }

            Interlocked.Decrement(ref _admitted);
        });
        try
        {
            for (var i = 0; i < appends.Count; i++)
            {
                if (await TakeSlotAsync(admitted, ct))
                {
                    holdsSlot[i] = true;
                    _region.ActorRef.Tell(appends[i], collector);
                }
                else
                {
                    collector.Settle(i, AppendOutcome.GateFull); // nothing was sent
                }
            }

            await collector.AllSettled.WaitAsync(Remaining(admitted) ?? TimeSpan.FromMilliseconds(1), ct);
        }
        catch (TimeoutException)
        {
            // Settled below: whatever has no answer by now timed out.
        }
        finally
        {
            for (var i = 0; i < appends.Count; i++)
            {
                collector.Settle(i, AppendOutcome.TimedOut);
            }

            collector.Close();
        }

        return collector.Outcomes;
    }

    public void Dispose() => _slots.Dispose();

    private async ValueTask<bool> TakeSlotAsync(long admitted, CancellationToken ct)
    {
        if (_slots.Wait(0))
        {
            return true;
        }

        return Remaining(admitted) is { } left && await _slots.WaitAsync(left, ct);
    }

    private TimeSpan? Remaining(long admitted)
    {
        var left = _timeout - Stopwatch.GetElapsedTime(admitted);
        return left > TimeSpan.Zero ? left : null;
    }
}

/// <summary>What became of an append at the gate: the stream's answer, overloaded (nothing stored) or timed out (outcome unknown).</summary>
internal sealed record AppendOutcome(IAppendReply? Reply, bool IsOverloaded, bool IsTimedOut)
{
    public static readonly AppendOutcome TimedOut = new(null, false, true);

    /// <summary>Refused by the gate itself (full, or no slot in time): nothing was sent.</summary>
    public static readonly AppendOutcome GateFull = new(null, true, false);

    /// <summary>Refused for load; <paramref name="stream"/> is the stream's own answer when it was the stream that refused.</summary>
    public static AppendOutcome Overloaded(StreamOverloaded? stream) => new(stream, true, false);

    public static AppendOutcome Answered(IAppendReply reply) => new(reply, false, false);

    /// <summary>Why the append was refused for load, for a problem detail or an error line.</summary>
    public string OverloadReason => Reply is StreamOverloaded o
        ? $"Stream {o.Stream} has {o.QueuedAppends} appends waiting; nothing was stored, retry later."
        : "The ingestion queue is full; nothing was stored, retry later.";
}
