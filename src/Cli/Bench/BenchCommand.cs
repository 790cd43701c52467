using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using EventCluster.Cli.Common;
using EventCluster.Client;

namespace EventCluster.Cli.Bench;

/// <summary>
/// <c>evc bench</c>: publishes N events over C streams of a fresh topic with P appends in flight
/// (through the client, so overload answers are retried as any client would), timing each append
/// until acknowledged; with <c>--subscribe</c> a topic subscription opened first times each event
/// from just before its append to its delivery (the send time travels in the event's data, read with
/// the same monotonic clock, so the two sides need no clock sync).
/// </summary>
[Description("Measure publish throughput and latency (and with --subscribe, delivery latency).")]
internal sealed class BenchCommand : EvcCommand<BenchSettings>
{
    /// <summary>How long deliveries may trail the last acknowledgement before the run counts as failed.</summary>
    private static readonly TimeSpan DeliveryPatience = TimeSpan.FromSeconds(60);

    protected override bool Streaming => true;

    protected override async Task RunAsync(Connection connection, Output output, BenchSettings settings, CancellationToken ct)
    {
        var client = connection.Client;
        var topic = settings.Topic ?? "bench" + Guid.NewGuid().ToString("N")[..8];
        var padding = new string('x', settings.Size);
        var requests = (settings.Events + settings.Batch - 1) / settings.Batch;

        using var stopSubscriber = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delivered = new Latencies();
        long deliveredCount = 0;
        var subscriber = settings.Subscribe
            ? SubscribeAsync(client, topic, settings.Events, delivered, () => Interlocked.Increment(ref deliveredCount), stopSubscriber.Token)
            : null;

        var acks = new Latencies();
        var next = -1L;
        var clock = Stopwatch.StartNew();
        await using (var progress = ProgressReport.Start($"bench: publishing to {topic}", settings.Events))
        {
            var workers = Enumerable.Range(0, Math.Min(settings.Concurrency, requests)).Select(_ => Task.Run(async () =>
            {
                long request;
                while ((request = Interlocked.Increment(ref next)) < requests)
                {
                    var count = (int)Math.Min(settings.Batch, settings.Events - (request * settings.Batch));
                    var started = Stopwatch.GetTimestamp();
                    var events = Enumerable.Range(0, count)
                        .Select(i => new EventToAppend("BenchEvent", JsonSerializer.SerializeToElement(new { sentAt = started, n = (request * settings.Batch) + i, padding })))
                        .ToList();
                    await client.AppendAsync($"{topic}-{request % settings.Streams}", events, ct: ct);
                    acks.AddSince(started);
                    progress.Advance(count);
                }
            }, ct));
            await Task.WhenAll(workers);
        }

        var published = clock.Elapsed.TotalSeconds;
        SubscribeFigures? subscribeFigures = null;
        if (subscriber is not null)
        {
            stopSubscriber.CancelAfter(DeliveryPatience);
            await subscriber;
            var seconds = clock.Elapsed.TotalSeconds;
            subscribeFigures = new SubscribeFigures(deliveredCount, Math.Round(deliveredCount / seconds, 1), delivered.Percentile(50), delivered.Percentile(99));
        }

        var figures = new BenchFigures(
            topic, settings.Events, settings.Streams, settings.Concurrency, settings.Batch, settings.Size, Math.Round(published, 3),
            Math.Round(settings.Events / published, 1), Math.Round(requests / published, 1), acks.Percentile(50), acks.Percentile(99), subscribeFigures);
        if (output.IsJson)
        {
            Output.Json(figures);
        }
        else
        {
            foreach (var line in figures.Lines())
            {
                Output.Line(line);
            }
        }

        if (subscribeFigures is { } s && s.Delivered < settings.Events)
        {
            throw new CliException(ExitCodes.Unavailable, $"only {s.Delivered} of {settings.Events} events were delivered within {DeliveryPatience.TotalSeconds:F0} s of the last acknowledgement");
        }
    }

    /// <summary>Reads the topic from its start until every event arrived (or it is stopped), timing each from its send.</summary>
    private static async Task SubscribeAsync(EventClusterClient client, string topic, int expected, Latencies latencies, Func<long> counted, CancellationToken ct)
    {
        try
        {
            await foreach (var e in client.SubscribeToTopicAsync(topic, after: 0, ct))
            {
                latencies.AddSince(e.Data.GetProperty("sentAt").GetInt64());
                if (counted() == expected)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Out of patience (or interrupted): the figures say how many arrived.
        }
    }
}
