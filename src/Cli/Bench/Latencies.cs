using System.Diagnostics;

namespace EventCluster.Cli.Bench;

/// <summary>Latency samples from many tasks, reported as percentiles in milliseconds (nearest rank, as bench/Bench reports them).</summary>
internal sealed class Latencies
{
    private readonly List<double> _samples = [];
    private readonly Lock _gate = new();

    public void AddSince(long startTimestamp) => Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _samples.Add(milliseconds);
        }
    }

    /// <summary>The <paramref name="p"/>th percentile in ms; null without samples.</summary>
    public double? Percentile(double p)
    {
        lock (_gate)
        {
            if (_samples.Count == 0)
            {
                return null;
            }

            var sorted = _samples.Order().ToArray();
            var index = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
            return Math.Round(sorted[Math.Clamp(index, 0, sorted.Length - 1)], 2);
        }
    }
}
