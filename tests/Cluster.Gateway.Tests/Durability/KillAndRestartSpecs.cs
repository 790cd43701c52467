using System.Collections.Concurrent;
using System.Net;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Durability;

/// <summary>SIGKILL the gateway in the middle of a write load: every acknowledged event must survive, exactly once.</summary>
public sealed class KillAndRestartSpecs
{
    [Fact]
    public async Task Everything_acknowledged_before_a_kill_is_there_after_restart()
    {
        await using var gateway = await GatewayProcess.StartAsync();
        var topic = NewTopic();
        var acknowledged = new ConcurrentBag<(string Stream, long Sequence, Guid EventId)>();
        using var stop = new CancellationTokenSource();

        var producers = Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
        {
            var random = new Random(p);
            while (!stop.IsCancellationRequested)
            {
                var stream = $"{topic}-{p}-{random.Next(10)}";
                var ids = Enumerable.Range(0, random.Next(4) == 0 ? 10 : 1).Select(_ => Guid.NewGuid()).ToList();
                try
                {
                    using var response = await PostAsync(gateway.Client, stream, Batch(ids.Select(id => Event(id: id)).ToArray()));
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        continue;
                    }

                    var body = await JsonAsync(response);
                    var first = body.GetProperty("firstSequence").GetInt64();
                    for (var i = 0; i < ids.Count; i++)
                    {
                        acknowledged.Add((stream, first + i, ids[i]));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    // The process is gone: whatever was not acknowledged may or may not be stored.
                    return;
                }
            }
        })).ToArray();

        await Eventually.UntilAsync(() => acknowledged.Count >= 500, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20), () => $"Only {acknowledged.Count} events acknowledged before the kill.");
        gateway.Kill();
        await stop.CancelAsync();
        await Task.WhenAll(producers);

        await using var restarted = await gateway.RestartAsync();
        foreach (var stream in acknowledged.GroupBy(a => a.Stream))
        {
            var stored = await ReadWholeStreamAsync(restarted.Client, stream.Key);
            var bySequence = stored.ToDictionary(e => e.GetProperty("sequence").GetInt64(), e => Guid.Parse(e.GetProperty("eventId").GetString()!));
            Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.GetProperty("sequence").GetInt64()));
            Assert.Equal(stored.Count, bySequence.Values.Distinct().Count());
            foreach (var (_, sequence, eventId) in stream)
            {
                Assert.True(bySequence.TryGetValue(sequence, out var id), $"{stream.Key}#{sequence} was acknowledged but is missing.");
                Assert.Equal(eventId, id);
            }
        }

        // The restarted process takes new writes on the same streams.
        var any = acknowledged.First();
        using var more = await PostAsync(restarted.Client, any.Stream, Event());
        Assert.Equal(HttpStatusCode.Created, more.StatusCode);
    }
}
