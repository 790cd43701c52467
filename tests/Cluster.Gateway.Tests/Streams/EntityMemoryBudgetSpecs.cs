using System.Net;
using Cluster.Gateway.Tests.Operations;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Streams;

/// <summary>
/// A gateway whose live stream entities may hold (almost) nothing: every idle stream is passivated
/// through its shard at the next check, long before sharding's idle timeout. The streams go on as
/// if nothing happened: a retried append is still recognised, versions continue, reads are whole.
/// </summary>
public sealed class EntityMemoryBudgetSpecs : IAsyncLifetime
{
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["event-cluster__streams__entity-memory-budget"] = "1",
            ["event-cluster__streams__entity-memory-check-interval"] = "100ms",
        });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Streams_passivated_for_memory_keep_their_ids_and_versions()
    {
        var client = _gateway.Client;
        var stream = NewStream();
        var id = Guid.NewGuid();
        var before = await PrometheusText.ScrapeAsync(client);
        await AppendCreatedAsync(client, stream, Batch(Event(id: id), Event()));

        await Eventually.ReadUntilAsync(
            () => PrometheusText.ScrapeAsync(client),
            s => s.Sum("eventcluster_streams_passivated_for_memory_total") > before.Sum("eventcluster_streams_passivated_for_memory_total")
                && s.Sum("eventcluster_entities") == 0,
            Patience,
            TimeSpan.FromMilliseconds(250),
            _ => "The stream's entity was never passivated for memory.");

        using (var retried = await PostAsync(client, stream, Batch(Event(id: id))))
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
            Assert.Equal(1, (await JsonAsync(retried)).GetProperty("firstSequence").GetInt32());
        }

        using (var next = await PostAsync(client, stream, Event(), expectedVersion: "2"))
        {
            Assert.Equal(HttpStatusCode.Created, next.StatusCode);
            Assert.Equal(3, (await JsonAsync(next)).GetProperty("firstSequence").GetInt32());
        }

        Assert.Equal(3, (await ReadWholeStreamAsync(client, stream)).Count);
    }
}
