using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bench;

/// <summary>
/// Whether the slowest latencies come together or one by one: each measured event's send time and
/// latency, and how many 100 ms windows of send time the events at or above a threshold fall in.
/// A stall (a collection, a slow commit) delays every event sent during it, so its slow events share
/// a few windows; latency that comes from each event's own path spreads them over many.
/// </summary>
public sealed class SlowWindows
{
    private const double WindowMilliseconds = 100;

    private readonly ConcurrentQueue<(long Sent, double Milliseconds)> _events = new();

    public void Add(long sentTimestamp, double milliseconds) => _events.Enqueue((sentTimestamp, milliseconds));

    public string Describe(double thresholdMilliseconds)
    {
        if (_events.IsEmpty)
        {
            return "no events";
        }

        var first = _events.Min(e => e.Sent);
        var last = _events.Max(e => e.Sent);
        long Window(long sent) => (long)(Stopwatch.GetElapsedTime(first, sent).TotalMilliseconds / WindowMilliseconds);
        var slow = _events.Where(e => e.Milliseconds >= thresholdMilliseconds).ToList();
        var windows = slow.GroupBy(e => Window(e.Sent)).Select(g => (Window: g.Key, Count: g.Count())).OrderByDescending(w => w.Count).ToList();
        var busiest = windows.Take(10).Sum(w => w.Count);

        // Wall-clock starts of the fullest windows, to line them up with the server's own records.
        var firstWall = DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(first);
        var fullest = string.Join(", ", windows.Take(5).Select(w => $"{firstWall.AddMilliseconds(w.Window * WindowMilliseconds):HH:mm:ss.f} ({w.Count})"));
        return $"{slow.Count:N0} events at or above {thresholdMilliseconds:F1} ms were sent in {windows.Count:N0} of the phase's "
            + $"{Window(last) + 1:N0} windows of {WindowMilliseconds:F0} ms; the 10 fullest windows hold {busiest:N0} of them "
            + $"(UTC start and count of the fullest: {fullest})";
    }
}
