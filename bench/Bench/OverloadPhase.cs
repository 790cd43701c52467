using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Bench;

/// <summary>
/// Measures capacity (closed loop, single events, 5 s), then offers about five times that rate open
/// loop for <c>--seconds</c>; reports the share refused with 503, the gateway's peak RSS (with
/// <c>--gateway-pid</c>), and checks that every acknowledged event is readable afterwards.
/// </summary>
public static class OverloadPhase
{
    private const int MaxOutstanding = 4096;

    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId)
    {
        var rss = new PeakRss(options.GatewayPid);
        var capacity = await MeasureCapacityAsync(client, options, runId);
        var rate = capacity * 5;
        var total = (int)(rate * options.PhaseDuration.TotalSeconds);
        var acknowledged = new ConcurrentBag<(string Stream, long Sequence)>();
        long refused = 0, failed = 0, skipped = 0;
        using var outstanding = new SemaphoreSlim(MaxOutstanding);
        var sends = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due);
            }

            if (!outstanding.Wait(0))
            {
                skipped++; // the client itself cannot keep more requests open
                continue;
            }

            var stream = $"o{runId}-{i % options.Streams}";
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await client.PostAsync($"/streams/{stream}", new StringContent(Payloads.Event(options.EventBytes), Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        acknowledged.Add((stream, json.RootElement.GetProperty("firstSequence").GetInt64()));
                    }
                    else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
                finally
                {
                    outstanding.Release();
                }

                rss.Sample();
            }));
        }

        await Task.WhenAll(sends);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        rss.Sample();
        var offered = sends.Count;
        Console.WriteLine($"overload: capacity ~{capacity:F0} events/s; offered {offered / seconds:F0} requests/s for {seconds:F0} s ({skipped:N0} not sent: client at {MaxOutstanding} open requests)");
        rss.Record("overload");
        Console.WriteLine($"  201: {acknowledged.Count:N0}, 503: {refused:N0} ({100.0 * refused / Math.Max(1, offered):F1}% of sent), other failures: {failed:N0}{rss.Describe()}");

        var missing = 0;
        foreach (var stream in acknowledged.GroupBy(a => a.Stream))
        {
            using var response = await client.GetAsync($"/streams/{stream.Key}?from=1&limit=1000");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var stored = json.RootElement.GetProperty("events").GetArrayLength();
            missing += stream.Count(a => a.Sequence > stored);
        }

        Console.WriteLine($"  every 201 readable afterwards: {(missing == 0 ? "yes" : $"NO, {missing} missing")}");
    }

    private static async Task<double> MeasureCapacityAsync(HttpClient client, BenchOptions options, string runId)
    {
        long done = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Producers).Select(p => Task.Run(async () =>
        {
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(5))
            {
                using var response = await client.PostAsync($"/streams/c{runId}-{p}", new StringContent(Payloads.Event(options.EventBytes), Encoding.UTF8, "application/json"));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref done);
                }
            }
        })));
        return done / stopwatch.Elapsed.TotalSeconds;
    }
}
