using System.Collections.Concurrent;

namespace Bench;

/// <summary>
/// The largest latency seen in each wall-clock second, so a stall can be lined up with what the
/// server did at that moment (its logs, <c>dotnet-counters</c>, a <c>perf</c> trace).
/// </summary>
public sealed class WorstSeconds
{
    private readonly ConcurrentDictionary<long, double> _maxBySecond = new();

    public void Add(double milliseconds) =>
        _maxBySecond.AddOrUpdate(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), milliseconds, (_, max) => Math.Max(max, milliseconds));

    public string Describe(int count) => string.Join(", ", _maxBySecond
        .OrderByDescending(s => s.Value)
        .Take(count)
        .Select(s => $"{DateTimeOffset.FromUnixTimeSeconds(s.Key):HH:mm:ss} {s.Value:F1} ms"));
}
