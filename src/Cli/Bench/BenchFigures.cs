using System.Globalization;

namespace EventCluster.Cli.Bench;

/// <summary>What a bench run measured; the same figures as bench/Bench prints (events/s, latency p50 and p99).</summary>
internal sealed record BenchFigures(
    string Topic,
    int Events,
    int Streams,
    int Concurrency,
    int Batch,
    int EventBytes,
    double Seconds,
    double EventsPerSecond,
    double RequestsPerSecond,
    double? AckP50Ms,
    double? AckP99Ms,
    SubscribeFigures? Subscribe)
{
    public IEnumerable<string> Lines()
    {
        yield return Invariant($"publish: {Events} events to {Streams} streams of topic {Topic}, {Concurrency} concurrent, batches of {Batch}, {EventBytes}-byte events, {Seconds:F1} s");
        yield return Invariant($"  {EventsPerSecond:F0} events/s ({RequestsPerSecond:F0} requests/s); ack latency p50 {AckP50Ms:F1} ms, p99 {AckP99Ms:F1} ms");
        if (Subscribe is { } s)
        {
            yield return Invariant($"subscribe: {s.Delivered} of {Events} events delivered, {s.EventsPerSecond:F0} events/s; publish→delivery p50 {s.P50Ms:F1} ms, p99 {s.P99Ms:F1} ms");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The subscriber's side: events delivered, their rate, and the time from just before the append to the delivery.</summary>
internal sealed record SubscribeFigures(long Delivered, double EventsPerSecond, double? P50Ms, double? P99Ms);
