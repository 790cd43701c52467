using System.Diagnostics;
using System.Net;
using System.Text;

namespace Bench;

/// <summary>P producers publish to K streams for a fixed time, one request at a time each; events/s and ack latency.</summary>
public static class PublishPhase
{
    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId, int batchSize)
    {
        var latencies = new Latencies();
        long events = 0, refused = 0, failed = 0;
        var topic = $"p{runId}b{batchSize}";
        var commitsBefore = await JournalCommits.ScrapeAsync(client);
        var stopwatch = Stopwatch.StartNew();
        var producers = Enumerable.Range(0, options.Producers).Select(p => Task.Run(async () =>
        {
            var random = new Random(p);
            while (stopwatch.Elapsed < options.PhaseDuration)
            {
                var body = batchSize == 1 ? Payloads.Event(options.EventBytes) : Payloads.Batch(batchSize, options.EventBytes);
                var stream = $"{topic}-{random.Next(options.Streams)}";
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync($"/streams/{stream}", new StringContent(body, Encoding.UTF8, "application/json"));
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Created:
                        latencies.Add(started);
                        Interlocked.Add(ref events, batchSize);
                        break;
                    case HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests:
                        Interlocked.Increment(ref refused);
                        await Task.Delay(100);
                        break;
                    default:
                        Interlocked.Increment(ref failed);
                        break;
                }
            }
        })).ToArray();
        await Task.WhenAll(producers);
        var seconds = stopwatch.Elapsed.TotalSeconds;

        var label = batchSize == 1 ? "single events" : $"batches of {batchSize}";
        Console.WriteLine($"publish {label}: {options.Producers} producers over {options.Streams} streams, {options.EventBytes}-byte events, {seconds:F0} s");
        var figure = batchSize == 1 ? "single" : $"batch{batchSize}";
        Figures.Record($"{figure}.events_per_s", events / seconds);
        Figures.Record($"{figure}.p99_ms", latencies.Percentile(99));
        Console.WriteLine($"  {events / seconds:F0} events/s ({latencies.Count / seconds:F0} requests/s); ack latency p50 {latencies.Percentile(50):F1} ms, p99 {latencies.Percentile(99):F1} ms; refused {refused}, failed {failed}");
        var writer = await JournalCommits.DescribeWriterSinceAsync(client, commitsBefore, seconds, figure);
        if (writer is not null)
        {
            Console.WriteLine($"  {writer}");
        }
    }
}
