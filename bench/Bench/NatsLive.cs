using System.Buffers.Binary;
using System.Diagnostics;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Bench;

/// <summary>
/// Publish → consumer latency on NATS JetStream at a fixed rate, as <see cref="LivePhase"/> measures
/// it on the gateway: an ordered consumer follows the subject while single messages are published
/// (each awaited until acknowledged, up to 256 at once), and each message carries its send time.
/// </summary>
public static class NatsLive
{
    public static async Task RunAsync(NatsJSContext js, BenchOptions options, string streamName, string subject)
    {
        var warmup = (int)(options.LiveRate * options.LiveWarmup.TotalSeconds);
        var total = warmup + (int)(options.LiveRate * options.LiveDuration.TotalSeconds);
        long measureFrom = long.MaxValue;
        var latencies = new Latencies();
        var consumer = await js.CreateOrderedConsumerAsync(streamName, new NatsJSOrderedConsumerOpts
        {
            FilterSubjects = [subject],
            DeliverPolicy = ConsumerConfigDeliverPolicy.New,
        });
        using var cancel = new CancellationTokenSource(options.LiveWarmup + options.LiveDuration + TimeSpan.FromSeconds(60));
        var received = Task.Run(async () =>
        {
            var seen = 0;
            await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: cancel.Token))
            {
                var now = Stopwatch.GetTimestamp();
                var sent = BinaryPrimitives.ReadInt64LittleEndian(message.Data);
                if (sent >= Interlocked.Read(ref measureFrom))
                {
                    latencies.AddMilliseconds(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
                }

                if (++seen == total)
                {
                    return;
                }
            }
        });

        var padding = new byte[options.EventBytes];
        await PacedSender.RunAsync(total, options.LiveRate, warmup, () => Interlocked.Exchange(ref measureFrom, Stopwatch.GetTimestamp()), async _ =>
        {
            var body = (byte[])padding.Clone();
            BinaryPrimitives.WriteInt64LittleEndian(body, Stopwatch.GetTimestamp());
            (await js.PublishAsync(subject, body)).EnsureSuccess();
        });
        await Task.WhenAny(received, Task.Delay(TimeSpan.FromSeconds(30)));
        Figures.Record($"live{options.LiveRate}.p50_ms", latencies.Percentile(50));
        Figures.Record($"live{options.LiveRate}.p99_ms", latencies.Percentile(99));
        Figures.Record($"live{options.LiveRate}.max_ms", latencies.Percentile(100));
        Console.WriteLine($"NATS JetStream live at {options.LiveRate}/s: {latencies.Count:N0} measured; publish->consumer latency p50 {latencies.Percentile(50):F1} ms, p99 {latencies.Percentile(99):F1} ms, max {latencies.Percentile(100):F1} ms");
    }
}
