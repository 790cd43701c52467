using System.Diagnostics;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Bench;

/// <summary>
/// The workloads of the gateway's phases against NATS JetStream (file storage) instead, as the
/// reference the product is measured against, with the same producers, streams (as subjects) and
/// event bodies: single publishes, each awaited until JetStream acknowledges it; 100 publishes to
/// 100 different subjects sent together, then their acknowledgements awaited (the multi-stream
/// batch); a catch-up read of one subject of <c>--catchup-events</c> messages by an ordered
/// consumer; and publish → consumer latency at <c>--live-rate</c> messages/s.
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

        if (!options.NatsOnlyLive)
        {
            await PublishAsync(js, options, runId, batchSize: 1);
            await PublishAsync(js, options, runId, batchSize: options.BatchStreams);
            await CatchUpAsync(js, options, name, $"b{runId}.catchup");
        }

        await NatsLive.RunAsync(js, options, name, $"b{runId}.live");

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
                var first = random.Next(options.Streams);
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < batchSize; i++)
                {
                    acks[i] = js.PublishAsync($"b{runId}.s{(first + i) % options.Streams}", Encoding.UTF8.GetBytes(Payloads.Event(options.EventBytes)));
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

        var figure = batchSize == 1 ? "single" : "multibatch";
        Figures.Record($"{figure}.events_per_s", events / seconds);
        Figures.Record($"{figure}.p99_ms", latencies.Percentile(99));
        var label = batchSize == 1 ? "single events" : $"batches of {batchSize}, each message to another subject";
        Console.WriteLine($"NATS JetStream {label}: {options.Producers} producers over {options.Streams} subjects, {options.EventBytes}-byte events, {seconds:F0} s");
        Console.WriteLine($"  {events / seconds:F0} events/s; ack latency p50 {latencies.Percentile(50):F1} ms, p99 {latencies.Percentile(99):F1} ms");
    }

    private static async Task CatchUpAsync(NatsJSContext js, BenchOptions options, string streamName, string subject)
    {
        const int window = 1000;
        var total = options.CatchUpEvents;
        var acks = new List<ValueTask<PubAckResponse>>(window);
        for (var sent = 0; sent < total;)
        {
            acks.Clear();
            for (var i = 0; i < window && sent < total; i++, sent++)
            {
                acks.Add(js.PublishAsync(subject, Encoding.UTF8.GetBytes(Payloads.Event(options.EventBytes))));
            }

            foreach (var ack in acks)
            {
                (await ack).EnsureSuccess();
            }
        }

        var stopwatch = Stopwatch.StartNew();
        var consumer = await js.CreateOrderedConsumerAsync(streamName, new NatsJSOrderedConsumerOpts { FilterSubjects = [subject] });
        long read = 0;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: cancel.Token))
        {
            _ = message.Data;
            if (++read == total)
            {
                break;
            }
        }

        var rate = read / stopwatch.Elapsed.TotalSeconds;
        Figures.Record("catchup.stream_events_per_s", rate);
        Console.WriteLine($"NATS JetStream catch-up of one {total:N0}-message subject (ordered consumer): {rate:F0} messages/s");
    }
}
