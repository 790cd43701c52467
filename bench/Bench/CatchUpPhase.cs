using System.Diagnostics;

namespace Bench;

/// <summary>
/// Seeds a journal with N events over T topics (batches of 100), then reads one whole topic
/// page by page (1,000 per page) and reports the catch-up read rate.
/// </summary>
public static class CatchUpPhase
{
    private const int BatchSize = 100;
    private const int StreamsPerTopic = 100;

    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId)
    {
        var perTopic = options.SeedEvents / options.SeedTopics;
        var batches = options.SeedEvents / BatchSize;
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, options.Producers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches)
            {
                // Round-robin over topics so they interleave in the journal, as real traffic would.
                var topic = $"c{runId}t{i % options.SeedTopics}";
                var stream = $"{topic}-{i / options.SeedTopics % StreamsPerTopic}";
                await Seeding.PostUntilCreatedAsync(client, stream, Payloads.Batch(BatchSize, options.EventBytes));
            }
        })).ToArray();
        await Task.WhenAll(writers);
        Console.WriteLine($"seed: {options.SeedEvents:N0} events over {options.SeedTopics} topics in {stopwatch.Elapsed.TotalSeconds:F0} s ({options.SeedEvents / stopwatch.Elapsed.TotalSeconds:F0} events/s in batches of {BatchSize})");

        var readTopic = $"c{runId}t0";
        stopwatch.Restart();
        var read = await Seeding.ReadAllPagesAsync(client, $"/topics/{readTopic}?limit=1000&after=", 0);

        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"catch-up read of topic {readTopic}: {read:N0} events (expected {perTopic:N0}) in {seconds:F2} s = {read / seconds:F0} events/s");
    }
}
