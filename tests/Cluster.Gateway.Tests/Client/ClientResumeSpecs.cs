using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using EventCluster.Client;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Client;

/// <summary>The client's subscription across a gateway that is killed and started again on the same address.</summary>
public sealed class ClientResumeSpecs
{

    [Fact]
    public async Task A_topic_subscription_resumes_after_the_last_event_it_yielded_when_the_connection_drops()
    {
        await using var gateway = await GatewayProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        var client = new EventClusterClient(http);
        var topic = NewTopic();
        var payload = JsonSerializer.SerializeToElement(new { amount = 1 });
        await client.AppendAsync($"{topic}-1", [new EventToAppend("A", payload), new EventToAppend("B", payload)]);

        using var stop = new CancellationTokenSource(2 * Patience);
        await using var events = client.SubscribeToTopicAsync(topic, ct: stop.Token).GetAsyncEnumerator(stop.Token);
        var seen = new List<RecordedEvent>();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await events.MoveNextAsync());
            seen.Add(events.Current);
        }

        gateway.Kill();
        await using var restarted = await gateway.RestartOnSameAddressAsync();
        await client.AppendAsync($"{topic}-2", [new EventToAppend("C", payload), new EventToAppend("D", payload)]);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await events.MoveNextAsync());
            seen.Add(events.Current);
        }

        Assert.Equal(["A", "B", "C", "D"], seen.Select(e => e.Type));
        Assert.Equal(seen.Select(e => e.Offset).Order(), seen.Select(e => e.Offset));
    }
}
