using System.Diagnostics;
using System.Net;
using System.Text;

namespace Bench;

/// <summary>
/// P producers each send <c>POST /ingest</c> requests of <c>--batch-streams</c> (100) NDJSON lines,
/// every line to a different stream (a run of consecutive streams from a random start among K), one
/// request at a time each; events/s counted from the answer lines that say "sequence".
/// With <c>oneStream</c> (the phase "ingest-one-stream") every line of a request goes to the same
/// stream instead: the same door and the same request sizes, so the two rates differ only by what
/// each extra stream in a request costs.
/// </summary>
public static class MultiStreamBatchPhase
{
    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId, bool oneStream = false)
    {
        var latencies = new Latencies();
        long events = 0, failedLines = 0, refused = 0;
        string? firstFailure = null;
        var topic = $"m{runId}";
        var perRequest = options.BatchStreams;
        var commitsBefore = await JournalCommits.ScrapeAsync(client);
        var stopwatch = Stopwatch.StartNew();
        var producers = Enumerable.Range(0, options.Producers).Select(p => Task.Run(async () =>
        {
            var random = new Random(p);
            var body = new StringBuilder(perRequest * (options.EventBytes + 120));
            while (stopwatch.Elapsed < options.PhaseDuration)
            {
                body.Clear();
                var first = random.Next(options.Streams);
                for (var i = 0; i < perRequest; i++)
                {
                    body.Append(Payloads.IngestLine($"{topic}-{(oneStream ? first : first + i) % options.Streams}", options.EventBytes));
                }

                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync("/ingest", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));
                if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                {
                    Interlocked.Increment(ref refused);
                    await Task.Delay(100);
                    continue;
                }

                var answer = await response.Content.ReadAsStringAsync();
                var stored = CountOf(answer, "\"sequence\"");
                latencies.Add(started);
                Interlocked.Add(ref events, stored);
                Interlocked.Add(ref failedLines, perRequest - stored);
                if (stored < perRequest)
                {
                    // Why a line failed, once: the gateway answers each line, an error line says why.
                    Interlocked.CompareExchange(ref firstFailure, answer.Split('\n').FirstOrDefault(l => l.Length > 0 && !l.Contains("\"sequence\"", StringComparison.Ordinal)) ?? $"{perRequest - stored} answer lines missing", null);
                }
            }
        })).ToArray();
        await Task.WhenAll(producers);
        var seconds = stopwatch.Elapsed.TotalSeconds;

        var figure = oneStream ? "ingest_one_stream" : "multibatch";
        Figures.Record($"{figure}.events_per_s", events / seconds);
        Figures.Record($"{figure}.p99_ms", latencies.Percentile(99));
        var (name, spread) = oneStream ? ("one-stream /ingest batches", "to one stream") : ("multi-stream batches", $"over {perRequest} streams");
        Console.WriteLine($"publish {name}: {options.Producers} producers, {perRequest} events {spread} per POST /ingest, {options.Streams} streams, {options.EventBytes}-byte events, {seconds:F0} s");
        Console.WriteLine($"  {events / seconds:F0} events/s ({latencies.Count / seconds:F0} requests/s); request latency p50 {latencies.Percentile(50):F1} ms, p99 {latencies.Percentile(99):F1} ms; failed lines {failedLines}, refused requests {refused}");
        var writer = await JournalCommits.DescribeWriterSinceAsync(client, commitsBefore, seconds, figure);
        if (writer is not null)
        {
            Console.WriteLine($"  {writer}");
        }

        if (firstFailure is not null)
        {
            Console.WriteLine($"  first failed line: {firstFailure}");
        }
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
