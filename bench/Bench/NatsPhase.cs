using System.Diagnostics;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Bench;

/// <summary>
/// The publish workload of <see cref="PublishPhase"/> against NATS JetStream instead of the gateway,
/// as the reference the write path is measured against: the same producers, streams (as subjects)
/// and event bodies, each publish awaited until JetStream acknowledges it (file storage). Batches of
/// 100 are 100 publishes sent together, then their 100 acknowledgements awaited.
/// </summary>
public static class NatsPhase
{
    public static async Task RunAsync(BenchOptions options, string runId)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = options.NatsUrl });
        await nats.ConnectAsync();
        var js = new NatsJSContext(nats);
        var name = $"BENCH{runId}";
        await js.CreateStreamAsync(new StreamConfig(name, [$"b{runId}.>"]) { Storage = StreamConfigStorage.File });

        foreach (var batchSize in new[] { 1, 100 })
        {
            await PublishAsync(js, options, runId, batchSize);
        }

        await js.DeleteStreamAsync(name);
    }

    private static async Task PublishAsync(NatsJSContext js, BenchOptions options, string runId, int batchSize)
    {
        var latencies = new Latencies();
        long events = 0;
        var stopwatch = Stopwatch.StartNew();
        var producers = Enumerable.Range(0, options.Producers).Select(p => Task.Run(async () =>
        {
            var random = new Random(p);
            var acks = new ValueTask<PubAckResponse>[batchSize];
            while (stopwatch.Elapsed < options.PhaseDuration)
            {
                var subject = $"b{runId}.s{random.Next(options.Streams)}";
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < batchSize; i++)
                {
                    acks[i] = js.PublishAsync(subject, Encoding.UTF8.GetBytes(Payloads.Event(options.EventBytes)));
                }

                for (var i = 0; i < batchSize; i++)
                {
                    (await acks[i]).EnsureSuccess();
                }

                latencies.Add(started);
                Interlocked.Add(ref events, batchSize);
            }
        })).ToArray();
        await Task.WhenAll(producers);
        var seconds = stopwatch.Elapsed.TotalSeconds;

        var label = batchSize == 1 ? "single events" : $"batches of {batchSize}";
        Console.WriteLine($"NATS JetStream {label}: {options.Producers} producers over {options.Streams} subjects, {options.EventBytes}-byte events, {seconds:F0} s");
        Console.WriteLine($"  {events / seconds:F0} events/s; ack latency p50 {latencies.Percentile(50):F1} ms, p99 {latencies.Percentile(99):F1} ms");
    }
}
