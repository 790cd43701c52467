using System.Diagnostics;
using Cluster.Integration.Tests.Infrastructure;
using Cluster.Tests.Shared;
using Xunit.Abstractions;

namespace Cluster.Integration.Tests.Failover;

/// <summary>
/// 3 nodes + a gateway over PostgreSQL under continuous load; one node is killed with SIGKILL.
/// Every acknowledged event must be readable exactly once, in order, and the dead node's streams
/// must take writes again on the survivors.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NodeFailoverSpecs(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killing_a_node_under_load_loses_no_acknowledged_event_and_its_streams_resume()
    {
        await using var cluster = await ClusterProcesses.StartAsync(await postgres.CreateDatabaseAsync());
        var streams = Enumerable.Range(0, 60).Select(i => $"fo-{i}").ToList();
        var load = new LoadRecorder(cluster.Gateway, streams);
        using var stop = new CancellationTokenSource();
        var producing = load.RunAsync(producers: 6, stop.Token);

        // Warm load on every node first.
        await cluster.WaitUntilAsync(() => Task.FromResult(load.LastAckSentTicks.Count == streams.Count), "every stream to take a write");
        var ackedBeforeKill = load.Acknowledged.Count;

        var victim = cluster.Nodes[0]; // the oldest node: it also hosts the shard coordinator
        var killedAt = Stopwatch.GetTimestamp();
        victim.Kill();

        // Writes to every stream, including those that lived on the dead node, must succeed again.
        await cluster.WaitUntilAsync(
            () => Task.FromResult(streams.All(s => load.LastAckSentTicks.TryGetValue(s, out var t) && t > killedAt)),
            "every stream to take a write sent after the kill");
        var resumedAfter = Stopwatch.GetElapsedTime(killedAt);
        Assert.True(resumedAfter < ResumeTimeout, $"Streams resumed only after {resumedAfter}.");

        await stop.CancelAsync();
        await producing;
        output.WriteLine($"acknowledged before kill: {ackedBeforeKill}, total: {load.Acknowledged.Count}, failed attempts retried: {load.Failures}");
        output.WriteLine($"every stream writable again {resumedAfter.TotalSeconds:F1} s after kill -9");
        Console.WriteLine($"[failover] every stream writable again {resumedAfter.TotalSeconds:F1} s after kill -9 ({load.Failures} retried attempts)");

        Assert.True(await cluster.UpMembersAsync() == 3, "The survivors (2 nodes + gateway) should be Up.");
        foreach (var stream in load.Acknowledged.GroupBy(a => a.Stream))
        {
            var stored = await Api.ReadWholeStreamAsync(cluster.Gateway, stream.Key);
            var sequences = stored.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), sequences);
            var ids = stored.Select(e => Guid.Parse(e.GetProperty("eventId").GetString()!)).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            foreach (var (_, sequence, eventId) in stream)
            {
                Assert.True(sequence <= ids.Count, $"{stream.Key}#{sequence} was acknowledged but the stream ends at {ids.Count}.");
                Assert.Equal(eventId, ids[(int)sequence - 1]);
            }
        }
    }
}
