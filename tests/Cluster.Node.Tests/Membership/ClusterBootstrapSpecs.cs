using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Messages.Streams;
using static Cluster.Node.Tests.Streams.TestEvents;
using Cluster.Tests.Shared;

namespace Cluster.Node.Tests.Membership;

/// <summary>Three ActorSystems in this process form one cluster through Cluster Bootstrap (config discovery, no seed nodes).</summary>
public sealed class ClusterBootstrapSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Patience = 2 * SpecTimes.Patience; // slower by design: a process or a cluster starting
    private readonly TempDatabase _database = new();
    private readonly List<BootstrappedNode> _nodes = [];

    public async Task InitializeAsync()
    {
        var all = Cluster.Tests.Shared.DotnetProcess.FreePorts(6);
        var ports = all.Take(3).ToList();
        var started = await Task.WhenAll(ports.Select((p, i) => BootstrappedNode.StartAsync(p, all[3 + i], ports, _database.ConnectionString)));
        _nodes.AddRange(started);
        await WaitUntilAsync(() => _nodes.All(n => n.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up) == 3), "three members Up");
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _database.Dispose();
    }

    [Fact]
    public async Task Entities_spread_over_the_nodes_and_a_stream_keeps_taking_appends_after_its_node_leaves()
    {
        var entry = _nodes[0];
        var streams = Enumerable.Range(0, 40).Select(i => $"acct-{i}").ToList();
        foreach (var stream in streams)
        {
            var appended = await entry.Region.Ask<IAppendReply>(Append(stream, ExpectedVersion.NoStream, Events(2)), Patience);
            Assert.True(appended is EventsAppended, $"Append to {stream} answered {appended}.");
        }

        // Each node's own region says which entities it hosts (a local question, no cluster-wide timeout).
        var hosted = new Dictionary<BootstrappedNode, List<string>>();
        foreach (var node in _nodes)
        {
            var state = await node.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Patience);
            hosted[node] = state.Shards.SelectMany(s => s.EntityIds).ToList();
        }

        Assert.Equal(streams.Count, hosted.Values.Sum(ids => ids.Count));
        Assert.True(hosted.Count(h => h.Value.Count > 0) >= 2, $"Entities live on {hosted.Count(h => h.Value.Count > 0)} node(s) only.");

        // A stream whose entity lives on a node other than the entry node.
        var leaving = _nodes.Skip(1).First(n => hosted[n].Count > 0);
        var moved = hosted[leaving][0];

        await leaving.StopAsync();
        _nodes.Remove(leaving);
        await leaving.DisposeAsync();
        await WaitUntilAsync(() => _nodes.All(n => n.Cluster.State.Members.Count == 2), "the node to be removed");

        var afterLeave = await entry.Region.Ask<IAppendReply>(Append(moved, ExpectedVersion.Exactly(2), Event()), Patience);
        Assert.True(afterLeave is EventsAppended { FirstSequence: 3 }, $"Append to {moved} after its node left answered {afterLeave}.");
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.UntilAsync(condition, Patience, TimeSpan.FromMilliseconds(100), () => $"Timed out waiting for {what}.");
}
