using System.Diagnostics;
using System.Text;

namespace Bench;

/// <summary>
/// Seeds one stream with <c>--catchup-events</c> (200,000) events, the only stream of its topic, then
/// reads it back whole three ways and reports each rate: stream pages (<c>GET /streams/{s}</c>,
/// 1,000 a page), topic pages (<c>GET /topics/{t}</c>, 1,000 a page) and one SSE subscription
/// catching up from the start (<c>GET /streams/{s}/subscribe</c>) until it has seen every event.
/// 50 pages of each kind are read first, untimed.
/// </summary>
public static class StreamCatchUpPhase
{
    private const int SeedBatch = 100;
    private const int PageSize = 1000;
    // Above the runtime's 30 calls before a method is compiled again, optimized (tiered compilation):
    // with 20, the timed reading still ran partly unoptimized code and paid for its recompilation
    // (the tiered compiler's thread took a fifth of the gateway's CPU during the stream pages).
    private const int WarmUpPages = 50;

    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId)
    {
        var topic = $"k{runId}";
        var stream = $"{topic}-0";
        var total = options.CatchUpEvents;
        await SeedAsync(client, stream, total, options.EventBytes);

        // Not timed: the first pages of each kind, so that JIT compilation of the read paths (this
        // client's JSON parsing included) is not charged to whichever reading comes first.
        await Seeding.ReadAllPagesAsync(client, $"/streams/{stream}?limit={PageSize}&from=", 1, WarmUpPages);
        await Seeding.ReadAllPagesAsync(client, $"/topics/{topic}?limit={PageSize}&after=", 0, WarmUpPages);

        var streamRate = await TimeAsync(() => Seeding.ReadAllPagesAsync(client, $"/streams/{stream}?limit={PageSize}&from=", 1), total);
        var topicRate = await TimeAsync(() => Seeding.ReadAllPagesAsync(client, $"/topics/{topic}?limit={PageSize}&after=", 0), total);
        var sseRate = await TimeAsync(() => ReadSseAsync(client, $"/streams/{stream}/subscribe", total), total);

        Figures.Record("catchup.stream_events_per_s", streamRate);
        Figures.Record("catchup.topic_events_per_s", topicRate);
        Figures.Record("catchup.sse_events_per_s", sseRate);
        Console.WriteLine($"catch-up of one {total:N0}-event stream ({options.EventBytes}-byte events):");
        Console.WriteLine($"  stream pages {streamRate:F0} events/s, topic pages {topicRate:F0} events/s, SSE catch-up {sseRate:F0} events/s");
    }

    private static async Task SeedAsync(HttpClient client, string stream, int total, int eventBytes)
    {
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < total / SeedBatch)
            {
                await Seeding.PostUntilCreatedAsync(client, stream, Payloads.Batch(SeedBatch, eventBytes));
            }
        })).ToArray();
        await Task.WhenAll(writers);
        Console.WriteLine($"seed: {total:N0} events into {stream} in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<double> TimeAsync(Func<Task<long>> read, int expected)
    {
        var stopwatch = Stopwatch.StartNew();
        var count = await read();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        if (count != expected)
        {
            Console.WriteLine($"  (read {count:N0} events, expected {expected:N0})");
        }

        return count / seconds;
    }

    private static async Task<long> ReadSseAsync(HttpClient client, string path, int expected)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token), Encoding.UTF8);
        long seen = 0;
        while (seen < expected && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                seen++;
            }
        }

        return seen;
    }
}
