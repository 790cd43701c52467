using System.Net;
using System.Text;
using Cluster.Integration.Tests.Infrastructure;
using Cluster.Tests.Shared;
using Xunit.Abstractions;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Integration.Tests.Webhooks;

/// <summary>
/// A webhook on three node processes over PostgreSQL: kill -9 the node that runs it. Nobody asks
/// the webhook for anything afterwards, yet sharding starts it again on another node (remembered
/// entities) from its persisted checkpoint, and every event reaches the receiver: none skipped,
/// each stream in order, none delivered before the kill delivered more than once afterwards.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookFailoverSpecs(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan FailoverPatience = 4 * Patience; // a node is downed, its shards move, backoff runs out

    [Fact]
    public async Task A_webhook_resumes_on_another_node_after_a_kill_of_its_node_and_nothing_is_skipped()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = async (_, _) =>
        {
            await Task.Delay(100); // slow enough that the kill lands mid-way
            return 200;
        };
        await using var cluster = await ClusterProcesses.StartAsync(await postgres.CreateDatabaseAsync());
        var gateway = cluster.Gateway;
        var countedBefore = await CountedOnceAnnouncementsArriveAsync(gateway);
        await AppendAsync(gateway, streams: 6, perStream: 8);
        var all = (await Api.ReadWholeTopicAsync(gateway, "wf")).Select(e => e.GetProperty("offset").GetInt64()).ToHashSet();

        // The gateway (no node role) counts the nodes' commits in its live topic statistics.
        await cluster.WaitUntilAsync(
            async () => await StatsEventsAsync(gateway) - countedBefore == 6 * 8,
            "the gateway's live statistics of topic wf counting every event the nodes stored");
        using (var created = await gateway.PutAsync("/topics/wf/webhooks/w", new StringContent(
            $$"""{"url":"{{receiver.Url}}","secret":"whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=","maxInFlight":2,"timeoutSeconds":2}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await receiver.WaitUntilAsync(p => p.Count >= all.Count / 4, Patience, "a quarter of the events before the kill");
        var host = (await Api.GetJsonAsync(gateway, "/topics/wf/webhooks/w")).GetProperty("node").GetString()!;
        var postsBeforeKill = receiver.Posts.Count;
        var deliveredBeforeKill = receiver.Posts.Take(postsBeforeKill).Select(p => p.Offset).ToHashSet();
        cluster.NodeAt(host).Kill();
        output.WriteLine($"webhook on {host} killed after {deliveredBeforeKill.Count} of {all.Count} events");

        var posts = await receiver.WaitUntilAsync(p => all.IsSubsetOf(p.Select(x => x.Offset)), FailoverPatience, "every event after the kill");

        var afterKill = posts.Skip(postsBeforeKill).ToList();
        Assert.All(deliveredBeforeKill, offset => Assert.True(afterKill.Count(p => p.Offset == offset) <= 1, $"offset {offset} came again more than once"));
        foreach (var stream in posts.GroupBy(p => p.Stream))
        {
            // First deliveries of a stream's events are in stream order, whatever was redelivered.
            var firsts = stream.DistinctBy(p => p.Sequence).Select(p => p.Sequence).ToList();
            Assert.Equal(firsts.Order(), firsts);
        }

        output.WriteLine($"{afterKill.Count} POSTs after the kill, {afterKill.Count(p => deliveredBeforeKill.Contains(p.Offset))} of them redeliveries");
    }

    /// <summary>
    /// The gateway's statistics hear of commits through distributed pub-sub, and a node learns of the
    /// gateway's subscription by gossip a moment after the cluster formed: commits before that are
    /// not announced to it (live statistics). Appends one event to each stream until a round is
    /// counted whole; returns the count then.
    /// </summary>
    private static async Task<long> CountedOnceAnnouncementsArriveAsync(HttpClient gateway)
    {
        for (var round = 0; round < 60; round++)
        {
            var before = await StatsEventsAsync(gateway);
            await AppendAsync(gateway, streams: 6, perStream: 1);
            var deadline = DateTime.UtcNow.AddSeconds(3);
            long after;
            while ((after = await StatsEventsAsync(gateway)) - before < 6 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            if (after - before == 6)
            {
                return after;
            }
        }

        throw new TimeoutException("No round of six commits was counted whole by the gateway's statistics.");
    }

    private static async Task<long> StatsEventsAsync(HttpClient gateway) =>
        (await Api.GetJsonAsync(gateway, "/topics/wf/stats?windowSeconds=300")).GetProperty("events").GetInt64();

    private static async Task AppendAsync(HttpClient gateway, int streams, int perStream)
    {
        for (var i = 0; i < streams * perStream; i++)
        {
            using var published = await Api.PostAsync(gateway, $"wf-{i % streams}", Api.Event());
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        }
    }
}
