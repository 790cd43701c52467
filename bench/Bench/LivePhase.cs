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
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/topics/{topic}/subscribe");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        await reader.ReadLineAsync(); // ": subscribed"

        var received = Task.Run(async () =>
        {
            var seen = 0;
            while (seen < total && await reader.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                using var json = JsonDocument.Parse(line.AsMemory(6));
                var sent = json.RootElement.GetProperty("data").GetProperty("sent").GetInt64();
                if (sent >= Interlocked.Read(ref measureFrom))
                {
                    var ms = Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds;
                    latencies.AddMilliseconds(ms);
                    worstSeconds.Add(ms);
                }

                seen++;
            }
        });

        var failed = 0;
        var publishSeconds = await PacedSender.RunAsync(total, options.LiveRate, warmup, () => Interlocked.Exchange(ref measureFrom, Stopwatch.GetTimestamp()), async i =>
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
        Figures.Record($"live{options.LiveRate}.p50_ms", latencies.Percentile(50));
        Figures.Record($"live{options.LiveRate}.p99_ms", latencies.Percentile(99));
        Figures.Record($"live{options.LiveRate}.max_ms", latencies.Percentile(100));
        Console.WriteLine($"live: {total:N0} single events to 100 streams at {options.LiveRate}/s target ({total / publishSeconds:F0}/s achieved), first {options.LiveWarmup.TotalSeconds:F0} s not measured, {latencies.Count:N0} measured over SSE, {failed} failed publishes");
        Console.WriteLine($"  publish->SSE latency p50 {latencies.Percentile(50):F1} ms, p99 {latencies.Percentile(99):F1} ms, max {latencies.Percentile(100):F1} ms");
        Console.WriteLine($"  (publish->201 ack latency p50 {acks.Percentile(50):F1} ms, p99 {acks.Percentile(99):F1} ms, max {acks.Percentile(100):F1} ms)");
        Console.WriteLine($"  slowest seconds (UTC, when the event arrived: its max): {worstSeconds.Describe(3)}");
    }
}
