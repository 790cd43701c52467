using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bench;

/// <summary>
/// Publishes single events at a fixed rate while one SSE subscription tails the topic; the latency
/// is from just before the POST to the moment the event arrives on the subscription. The first
/// seconds (<c>--live-warmup</c>) run at the same rate but are not measured: they pay for JIT
/// compilation and for recovering the phase's streams, which is not what this phase measures.
/// With <c>--live-acks-only yes</c> there is no subscription and only the publish → <c>201</c>
/// latency is measured: run against bench/Floor, that is the HTTP floor of the live figures, the
/// part of them that the client, Kestrel and this machine's scheduling take with nothing stored.
/// </summary>
public static class LivePhase
{
    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId)
    {
        var topic = $"l{runId}";
        var warmup = (int)(options.LiveRate * options.LiveWarmup.TotalSeconds);
        var total = warmup + (int)(options.LiveRate * options.LiveDuration.TotalSeconds);
        long measureFrom = long.MaxValue;
        var latencies = new Latencies();
        var acks = new Latencies();
        var worstSeconds = new WorstSeconds();
        var slowWindows = new SlowWindows();
        var received = options.LiveAcksOnly ? Task.CompletedTask : await SubscribeAsync(client, topic, total, () => Interlocked.Read(ref measureFrom), latencies, worstSeconds, slowWindows);

        var failed = 0;
        Task<JournalCommits?>? commitsBefore = null; // read when measuring starts, without holding up the pacing
        var publishSeconds = await PacedSender.RunAsync(total, options.LiveRate, warmup, () =>
        {
            Interlocked.Exchange(ref measureFrom, Stopwatch.GetTimestamp());
            commitsBefore = JournalCommits.ScrapeAsync(client);
        }, async i =>
        {
            var sent = Stopwatch.GetTimestamp();
            var body = Payloads.Event(options.EventBytes, extraJson: "\"sent\":" + sent.ToString(CultureInfo.InvariantCulture));
            using var r = await client.PostAsync($"/streams/{topic}-{i % 100}", new StringContent(body, Encoding.UTF8, "application/json"));
            if (!r.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failed);
            }
            else if (sent >= Interlocked.Read(ref measureFrom))
            {
                acks.Add(sent);
            }
        });
        await Task.WhenAny(received, Task.Delay(TimeSpan.FromSeconds(30)));
        var before = commitsBefore is null ? null : await commitsBefore;
        var after = before is null ? null : await JournalCommits.ScrapeAsync(client);
        var rate = options.LiveRate;
        Figures.Record($"live{rate}.ack_p50_ms", acks.Percentile(50));
        Figures.Record($"live{rate}.ack_p99_ms", acks.Percentile(99));
        Figures.Record($"live{rate}.ack_max_ms", acks.Percentile(100));
        var published = $"{total:N0} single events to 100 streams at {rate}/s target ({total / publishSeconds:F0}/s achieved), first {options.LiveWarmup.TotalSeconds:F0} s not measured";
        var acked = $"publish->201 ack latency p50 {acks.Percentile(50):F1} ms, p99 {acks.Percentile(99):F1} ms, max {acks.Percentile(100):F1} ms";
        if (options.LiveAcksOnly)
        {
            Console.WriteLine($"paced publishes: {published}, {failed} failed publishes");
            Console.WriteLine($"  {acked}");
            return;
        }

        Figures.Record($"live{rate}.p50_ms", latencies.Percentile(50));
        Figures.Record($"live{rate}.p99_ms", latencies.Percentile(99));
        Figures.Record($"live{rate}.max_ms", latencies.Percentile(100));
        Console.WriteLine($"live: {published}, {latencies.Count:N0} measured over SSE, {failed} failed publishes");
        Console.WriteLine($"  publish->SSE latency p50 {latencies.Percentile(50):F1} ms, p99 {latencies.Percentile(99):F1} ms, max {latencies.Percentile(100):F1} ms");
        Console.WriteLine($"  ({acked})");
        Console.WriteLine($"  slowest seconds (UTC, when the event arrived: its max): {worstSeconds.Describe(3)}");
        Console.WriteLine($"  the slowest 1%: {slowWindows.Describe(latencies.Percentile(99))}");
        if (before is not null && after is not null)
        {
            Console.WriteLine($"  {after.Describe(before, $"live{rate}")}");
        }
    }

    /// <summary>Subscribes to the topic over SSE; the task records each event's latency until <paramref name="total"/> arrived.</summary>
    private static async Task<Task> SubscribeAsync(HttpClient client, string topic, int total, Func<long> measureFrom, Latencies latencies, WorstSeconds worstSeconds, SlowWindows slowWindows)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/topics/{topic}/subscribe");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        await reader.ReadLineAsync(); // ": subscribed"

        // The subscription is closed when the task ends, as the request's own would be.
        return Task.Run(async () =>
        {
            using var subscribe = request;
            using var subscription = response;
            using var events = reader;
            var seen = 0;
            while (seen < total && await events.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                using var json = JsonDocument.Parse(line.AsMemory(6));
                var sent = json.RootElement.GetProperty("data").GetProperty("sent").GetInt64();
                if (sent >= measureFrom())
                {
                    var ms = Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds;
                    latencies.AddMilliseconds(ms);
                    worstSeconds.Add(ms);
                    slowWindows.Add(sent, ms);
                }

                seen++;
            }
        });
    }
}
