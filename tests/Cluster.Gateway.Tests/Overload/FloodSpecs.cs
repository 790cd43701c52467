using System.Collections.Concurrent;
using System.Net;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Overload;

/// <summary>
/// Far more concurrent appends than the gateway takes (a 64-slot queue, 8 in flight): it must refuse
/// the excess with 503 + Retry-After at once, keep its memory bounded, and store every event it
/// acknowledged.
/// </summary>
public sealed class FloodSpecs : IAsyncLifetime
{
    private const long MemoryBoundMegabytes = 600;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
    {
        ["Gateway__IngestQueueCapacity"] = "64",
        ["Gateway__IngestParallelism"] = "8",
    });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_flood_is_shed_with_503_memory_stays_bounded_and_everything_acknowledged_is_stored()
    {
        var streams = Enumerable.Range(0, 200).Select(_ => NewStream("flood")).ToList();
        var batch = Batch(Enumerable.Range(0, 20).Select(_ => Event(data: $"\"{new string('x', 200)}\"")).ToArray());
        var acknowledged = new ConcurrentBag<(string Stream, long First, long Last)>();
        var refused = 0;
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512 };
        using var client = new HttpClient(handler) { BaseAddress = _gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        // 4,000 requests of 20 events, 512 at a time: many times what 8 in-flight appends can take.
        await Parallel.ForEachAsync(Enumerable.Range(0, 4000), new ParallelOptions { MaxDegreeOfParallelism = 512 }, async (i, ct) =>
        {
            var stream = streams[i % streams.Count];
            using var response = await PostAsync(client, stream, batch);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var body = await JsonAsync(response);
                acknowledged.Add((stream, body.GetProperty("firstSequence").GetInt64(), body.GetProperty("lastSequence").GetInt64()));
            }
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 must carry Retry-After.");
                Interlocked.Increment(ref refused);
            }
        });

        Assert.True(refused > 0, "The flood was never refused: it did not exceed capacity.");
        Assert.NotEmpty(acknowledged);
        var peak = _gateway.PeakResidentMegabytes();
        Assert.True(peak < MemoryBoundMegabytes, $"The gateway peaked at {peak} MiB.");

        foreach (var stream in acknowledged.GroupBy(a => a.Stream))
        {
            var stored = await ReadWholeStreamAsync(_gateway.Client, stream.Key);
            var acknowledgedEvents = stream.Sum(a => a.Last - a.First + 1);
            Assert.Equal(acknowledgedEvents, stored.Count);
            Assert.All(stream, a => Assert.True(a.Last <= stored.Count));
        }
    }
}
