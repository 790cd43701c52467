using System.Diagnostics;
using Cluster.Integration.Tests.Infrastructure;
using Cluster.Tests.Shared;
using Xunit.Abstractions;

namespace Cluster.Integration.Tests.Failover;

/// <summary>
/// The other side of a fast failover: a node that stalls for 4 s (SIGSTOP, then SIGCONT), again and
/// again for a minute, is suspected each time but never downed. The failure detector gives up on
/// a silent node after about 2 s; the split-brain resolver waits for 3 s of stable unreachability
/// before it downs anyone, which a 4 s stall never reaches.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PausedNodeSpecs(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Between = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_node_stalled_for_4_s_at_a_time_for_a_minute_is_never_downed()
    {
        await using var cluster = await ClusterProcesses.StartAsync(await postgres.CreateDatabaseAsync());
        var stalled = cluster.Nodes[1];
        var stalls = 0;
        var minute = Stopwatch.StartNew();
        while (minute.Elapsed < TimeSpan.FromSeconds(60))
        {
            Signal("STOP", stalled.Id);
            await Task.Delay(Stall);
            Signal("CONT", stalled.Id);
            stalls++;
            await Task.Delay(Between);
        }

        // Every member is Up again, and the stalled node is still the same process, still a member.
        await cluster.WaitUntilAsync(async () => await cluster.UpMembersAsync() == 4, "all 4 members Up after the stalls");
        Assert.False(stalled.HasExited, "the stalled node was downed and shut itself down");
        output.WriteLine($"{stalls} stalls of {Stall.TotalSeconds:F0} s; all members still Up");
        Console.WriteLine($"[pause] {stalls} stalls of {Stall.TotalSeconds:F0} s over {minute.Elapsed.TotalSeconds:F0} s; no member downed");
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", $"-{signal} {pid}");
        kill.WaitForExit();
    }
}
