using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using EventCluster.Client;
using StandardWebhooks;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Client;

/// <summary>The .NET client library against a real gateway process.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class ClientSpecs(SharedGateway fixture)
{
    private readonly EventClusterClient _client = new(fixture.Client);

    private static EventToAppend Deposited(int amount, Guid? id = null) =>
        new("Deposited", JsonSerializer.SerializeToElement(new { amount }), EventId: id);

    private static async Task<List<T>> TakeAsync<T>(IAsyncEnumerable<T> source, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var taken = new List<T>();
        await foreach (var item in source.WithCancellation(timeout.Token))
        {
            taken.Add(item);
            if (taken.Count == count)
            {
                break;
            }
        }

        return taken;
    }

    [Fact]
    public async Task Appends_read_back_in_order_and_a_retry_with_the_same_ids_is_recognised_as_already_stored()
    {
        var stream = NewStream();
        var id = Guid.NewGuid();

        var first = await _client.AppendAsync(stream, [Deposited(1, id), Deposited(2)], ExpectedVersion.NoStream);
        var retry = await _client.AppendAsync(stream, [Deposited(1, id)]);

        Assert.Equal((1L, 2L, false), (first.FirstSequence, first.LastSequence, first.AlreadyStored));
        Assert.Equal((1L, true), (retry.FirstSequence, retry.AlreadyStored));
        var page = await _client.ReadStreamAsync(stream);
        Assert.Equal([1, 2], page.Events.Select(e => e.Data.GetProperty("amount").GetInt32()));
        Assert.Equal(id, page.Events[0].EventId);
        Assert.Empty((await _client.ReadStreamAsync(NewStream())).Events);
    }

    [Fact]
    public async Task A_wrong_expected_version_throws_with_the_current_version_and_bad_input_throws_the_problem()
    {
        var stream = NewStream();
        await _client.AppendAsync(stream, [Deposited(1)]);

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => _client.AppendAsync(stream, [Deposited(2)], ExpectedVersion.Exactly(5)));
        Assert.Equal(1, conflict.CurrentVersion);

        var bad = await Assert.ThrowsAsync<EventClusterException>(() => _client.AppendAsync("bad name", [Deposited(1)]));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.Status);
    }

    [Fact]
    public async Task A_topic_subscription_yields_stored_events_then_live_ones()
    {
        var topic = NewTopic();
        await _client.AppendAsync($"{topic}-1", [Deposited(1), Deposited(2)]);

        var subscription = TakeAsync(_client.SubscribeToTopicAsync(topic), 3);
        await _client.AppendAsync($"{topic}-2", [Deposited(3)]);
        var events = await subscription;

        Assert.Equal([1, 2, 3], events.Select(e => e.Data.GetProperty("amount").GetInt32()));
        Assert.True(events[0].Offset < events[1].Offset && events[1].Offset < events[2].Offset);
        var fromSecond = await TakeAsync(_client.SubscribeToStreamAsync($"{topic}-1", from: 2), 1);
        Assert.Equal(2, fromSecond.Single().Sequence);
    }

    [Fact]
    public async Task A_group_member_gets_deliveries_and_acks_and_nacks_them()
    {
        var topic = NewTopic();
        await _client.AppendAsync($"{topic}-1", [Deposited(1)]);
        Assert.True(await _client.CreateGroupAsync(topic, "g", new GroupOptions(MaxDeliveries: 3)));
        Assert.False(await _client.CreateGroupAsync(topic, "g", new GroupOptions(MaxDeliveries: 3)));
        await Assert.ThrowsAsync<EventClusterException>(() => _client.CreateGroupAsync(topic, "g", new GroupOptions(MaxDeliveries: 4)));

        using var stop = new CancellationTokenSource(Patience);
        await using var deliveries = _client.JoinGroupAsync(topic, "g", stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await deliveries.MoveNextAsync());
        var first = deliveries.Current;
        Assert.Empty(await _client.NackAsync(topic, "g", [first.DeliveryId]));

        Assert.True(await deliveries.MoveNextAsync());
        var again = deliveries.Current;
        Assert.Equal(first.Event.Offset, again.Event.Offset);
        Assert.Empty(await _client.AckAsync(topic, "g", [again.DeliveryId]));
        Assert.Equal([first.DeliveryId], await _client.AckAsync(topic, "g", [first.DeliveryId]));
    }
    [Fact]
    public async Task A_webhook_created_by_the_client_posts_bodies_its_signature_check_accepts_and_a_wrong_secret_rejects()
    {
        var topic = NewTopic();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (secret, other) = (WebhookSignature.NewSecret(), WebhookSignature.NewSecret());
        await _client.AppendAsync($"{topic}-1", [Deposited(1), Deposited(2)]);
        Assert.True(await _client.CreateWebhookAsync(topic, "w", new WebhookOptions(receiver.Url, secret, MaxInFlight: 2)));
        Assert.False(await _client.CreateWebhookAsync(topic, "w", new WebhookOptions(receiver.Url, secret, MaxInFlight: 2)));

        var posts = await receiver.WaitUntilAsync(p => p.Count == 2, Patience, "two POSTs");

        static bool Check(string key, ReceivedPost p, byte[] body, DateTimeOffset? now = null) => WebhookSignature.IsValid(
            key, p.WebhookId, p.Headers[ReceivedPost.TimestampHeader], body, p.Headers[ReceivedPost.SignatureHeader], now);
        Assert.All(posts, p => Assert.True(Check(secret, p, p.Body)));
        Assert.All(posts, p => Assert.False(Check(other, p, p.Body)));
        Assert.False(Check(secret, posts[0], [.. posts[0].Body, (byte)' ']));
        Assert.False(Check(secret, posts[0], posts[0].Body, now: DateTimeOffset.UtcNow.AddMinutes(6))); // replayed later
        Assert.False(WebhookSignature.IsValid(secret, posts[0].WebhookId, posts[0].Headers[ReceivedPost.TimestampHeader], posts[0].Body, "v1,not base64"));

        // The helper and the Standard Webhooks reference library agree, both ways.
        var library = new StandardWebhook(secret);
        Assert.All(posts, p => library.Verify(p.Text, p.HeaderDictionary()));
        var now = DateTimeOffset.UtcNow;
        Assert.True(WebhookSignature.IsValid(
            secret, "msg_1", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), posts[0].Body, library.Sign("msg_1", now, posts[0].Text)));
        Assert.True(await _client.DeleteWebhookAsync(topic, "w"));
        Assert.False(await _client.DeleteWebhookAsync(topic, "w"));
    }
}
