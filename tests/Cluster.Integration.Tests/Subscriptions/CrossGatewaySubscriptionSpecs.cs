using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Cluster.Integration.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Integration.Tests.Subscriptions;

/// <summary>
/// Two gateways in front of three nodes: a subscription on one gateway sees, live, what is
/// published through the other, whichever node owns each stream. The gateways' fallback re-read
/// is set to 60 s, so only the nodes' commit announcements (DistributedPubSub across processes)
/// can deliver the events in time. The gateways are ready (the cluster waits for that) only once
/// every node's announcements reach them: right after a gateway joins, DistributedPubSub has not
/// yet told every node of its subscription.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrossGatewaySubscriptionSpecs(PostgresServer postgres)
{

    [Fact]
    public async Task A_subscription_on_one_gateway_gets_events_published_through_another_without_waiting_for_a_poll()
    {
        await using var cluster = await ClusterProcesses.StartAsync(
            await postgres.CreateDatabaseAsync(),
            gateways: 2,
            gatewaySettings: new Dictionary<string, string> { ["Gateway__LivePollFallback"] = "00:01:00" });
        var publisher = cluster.Gateways[0];
        var subscriber = cluster.Gateways[1];

        // One stream per node at least: 30 streams over 100 shards spread over three nodes.
        var streams = Enumerable.Range(0, 30).Select(i => $"xg-{i}").ToList();
        await using var topic = await SseClient.ConnectAsync(subscriber, "/topics/xg/subscribe");
        await using var single = await SseClient.ConnectAsync(subscriber, $"/streams/{streams[7]}/subscribe");
        Assert.Equal("subscribed", (await topic.NextAsync(Patience)).Comment);

        var started = Stopwatch.StartNew();
        foreach (var stream in streams)
        {
            using var response = await Api.PostAsync(publisher, stream, Api.Event("Opened"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var seen = new HashSet<string>();
        while (seen.Count < streams.Count)
        {
            var message = await topic.NextEventAsync(Patience);
            seen.Add(JsonDocument.Parse(message.Data!).RootElement.GetProperty("stream").GetString()!);
        }

        var first = await single.NextEventAsync(Patience);
        Assert.Equal(("1", "Opened"), (first.Id, first.Event));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"Live delivery took {started.Elapsed}: it waited for a poll.");

        var stats = await Api.GetJsonAsync(subscriber, "/cluster");
        var nodesWithEntities = stats.GetProperty("entities").EnumerateObject().Count(n => n.Value.GetInt32() > 0);
        Assert.True(nodesWithEntities >= 2, $"The streams lived on {nodesWithEntities} node(s) only.");
    }
}
