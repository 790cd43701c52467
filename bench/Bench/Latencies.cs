using System.Diagnostics;

namespace Bench;

/// <summary>Collects latency samples (thread-safe) and reports percentiles in milliseconds.</summary>
public sealed class Latencies
{
    private readonly List<double> _samples = [];
    private readonly object _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(long startTimestamp) => AddMilliseconds(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public void AddMilliseconds(double ms)
    {
        lock (_gate)
        {
            _samples.Add(ms);
        }
    }

    public double Percentile(double p)
    {
        lock (_gate)
        {
            if (_samples.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _samples.Order().ToArray();
            var index = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
            return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
        }
    }
}
