using System.Net;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Webhooks;

/// <summary>
/// A webhook's shard keeps its remembered set in the journal. When the journal answers slower than
/// sharding's own timeouts (here sharding's defaults are cut to 1 ms, as a loaded machine stretched a
/// journal write past the 2 s default), the first PUT must still create the webhook. Before the
/// webhook region had timeouts of its own, the shard restarted after a 10 s back-off and dropped the
/// PUT, which answered 504 for 20-50 s.
/// </summary>
public sealed class SlowRememberedSetSpecs : IAsyncLifetime
{
    private GatewayProcess _gateway = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["akka__cluster__sharding__waiting-for-state-timeout"] = "1ms",
            ["akka__cluster__sharding__updating-state-timeout"] = "1ms",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task The_first_PUT_of_a_webhook_creates_it_and_it_delivers()
    {
        var topic = NewTopic();
        using (var created = await _gateway.Client.PutAsync($"/topics/{topic}/webhooks/w", Json($$"""{"url":"{{_receiver.Url}}"}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var stream = NewStream(topic);
        using (var appended = await PostAsync(_gateway.Client, stream, Event()))
        {
            Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        }

        var post = (await _receiver.WaitUntilAsync(p => p.Count == 1, Patience, "the webhook's POST"))[0];
        Assert.Equal(stream, post.Stream);
    }
}
