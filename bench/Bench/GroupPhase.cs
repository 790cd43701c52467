using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bench;

/// <summary>
/// Consumer groups. Throughput: a topic of <c>--group-events</c> stored events over 1,000 streams is
/// consumed by a new group (ordering per stream) with 1, 4 and 16 members, each member acking
/// what it received every 10 ms; events/s acked until the group's checkpoint reaches the end.
/// Latency: 4 members on a new group of a live topic, events published at <c>--live-rate</c>;
/// publish (just before the POST) to arrival at a member, p50/p99.
/// </summary>
public static class GroupPhase
{
    public static async Task RunAsync(HttpClient client, BenchOptions options, string runId)
    {
        foreach (var members in new[] { 1, 4, 16 })
        {
            await ThroughputAsync(client, options, $"g{runId}m{members}", members);
        }

        await LatencyAsync(client, options, $"g{runId}lat", members: 4);
    }

    private static async Task ThroughputAsync(HttpClient client, BenchOptions options, string topic, int members)
    {
        // Stored first, in batches of 100 (one stream each), so the phase measures the group alone.
        var batches = options.GroupEvents / 100;
        await Parallel.ForAsync(0, batches, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var response = await client.PostAsync($"/streams/{topic}-{i % 1000}", new StringContent(Payloads.Batch(100, options.EventBytes), Encoding.UTF8, "application/json"), ct);
            response.EnsureSuccessStatusCode();
        });

        (await client.PutAsync($"/topics/{topic}/groups/bench", JsonContent.Create(new { startFrom = "earliest" }))).EnsureSuccessStatusCode();
        using var stop = new CancellationTokenSource();
        long acked = 0;
        var started = Stopwatch.StartNew();
        var consumers = Enumerable.Range(0, members).Select(_ => ConsumeAsync(client, topic, null, () => Interlocked.Increment(ref acked), stop.Token)).ToList();
        while (Interlocked.Read(ref acked) < batches * 100L && started.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(50);
        }

        var seconds = started.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(consumers);
        Console.WriteLine($"group, {members} member(s), ordering per stream: {acked:N0} of {batches * 100:N0} events acked in {seconds:F1} s = {acked / seconds:F0} events/s");
    }

    private static async Task LatencyAsync(HttpClient client, BenchOptions options, string topic, int members)
    {
        (await client.PutAsync($"/topics/{topic}/groups/bench", JsonContent.Create(new { startFrom = "earliest" }))).EnsureSuccessStatusCode();
        var latencies = new Latencies();
        using var stop = new CancellationTokenSource();
        var consumers = Enumerable.Range(0, members).Select(_ => ConsumeAsync(client, topic, latencies, () => { }, stop.Token)).ToList();
        await Task.Delay(1000); // members joined

        var total = (int)(options.LiveRate * options.LiveDuration.TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        var sends = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / options.LiveRate) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var stream = $"{topic}-{i % 100}";
            sends.Add(Task.Run(async () =>
            {
                var body = Payloads.Event(options.EventBytes, extraJson: "\"sent\":" + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture));
                using var r = await client.PostAsync($"/streams/{stream}", new StringContent(body, Encoding.UTF8, "application/json"));
            }));
        }

        await Task.WhenAll(sends);
        var deadline = Stopwatch.StartNew();
        while (latencies.Count < total && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await Task.WhenAll(consumers);
        Console.WriteLine($"group, {members} members, {options.LiveRate} events/s published for {options.LiveDuration.TotalSeconds:F0} s: publish→member latency p50 {latencies.Percentile(50):F1} ms, p99 {latencies.Percentile(99):F1} ms ({latencies.Count} of {total} received)");
    }

    /// <summary>One member: reads its SSE deliveries and acks them every 10 ms, until stopped.</summary>
    private static async Task ConsumeAsync(HttpClient client, string topic, Latencies? latencies, Action onAcked, CancellationToken stop)
    {
        var pending = new List<string>();
        var gate = new object();
        var acker = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                string[] ids;
                lock (gate)
                {
                    ids = [.. pending];
                    pending.Clear();
                }

                if (ids.Length > 0)
                {
                    using var r = await client.PostAsJsonAsync($"/topics/{topic}/groups/bench/ack", new { ids }, CancellationToken.None);
                    using var body = JsonDocument.Parse(await r.Content.ReadAsStringAsync(CancellationToken.None));
                    for (var i = 0; i < body.RootElement.GetProperty("accepted").GetInt32(); i++)
                    {
                        onAcked();
                    }
                }
                else
                {
                    await Task.Delay(10, CancellationToken.None);
                }
            }
        });

        try
        {
            using var response = await client.GetAsync($"/topics/{topic}/groups/bench/subscribe", HttpCompletionOption.ResponseHeadersRead, stop);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop), Encoding.UTF8);
            string? id = null;
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && id is not null)
                {
                    if (latencies is not null)
                    {
                        var now = Stopwatch.GetTimestamp();
                        using var json = JsonDocument.Parse(line.AsMemory(6));
                        if (json.RootElement.GetProperty("data").TryGetProperty("sent", out var sent))
                        {
                            latencies.AddMilliseconds(Stopwatch.GetElapsedTime(sent.GetInt64(), now).TotalMilliseconds);
                        }
                    }

                    lock (gate)
                    {
                        pending.Add(id);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        await acker;
    }
}
