using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

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
                var body = Payloads.Batch(BatchSize, options.EventBytes);
                while (true)
                {
                    using var response = await client.PostAsync($"/streams/{stream}", new StringContent(body, Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        break;
                    }

                    await Task.Delay(50);
                }
            }
        })).ToArray();
        await Task.WhenAll(writers);
        Console.WriteLine($"seed: {options.SeedEvents:N0} events over {options.SeedTopics} topics in {stopwatch.Elapsed.TotalSeconds:F0} s ({options.SeedEvents / stopwatch.Elapsed.TotalSeconds:F0} events/s in batches of {BatchSize})");

        var readTopic = $"c{runId}t0";
        long after = 0, read = 0;
        stopwatch.Restart();
        while (true)
        {
            using var response = await client.GetAsync($"/topics/{readTopic}?after={after}&limit=1000");
            response.EnsureSuccessStatusCode();
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            var count = document.RootElement.GetProperty("events").GetArrayLength();
            if (count == 0)
            {
                break;
            }

            read += count;
            after = document.RootElement.GetProperty("next").GetInt64();
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"catch-up read of topic {readTopic}: {read:N0} events (expected {perTopic:N0}) in {seconds:F2} s = {read / seconds:F0} events/s");
    }
}
