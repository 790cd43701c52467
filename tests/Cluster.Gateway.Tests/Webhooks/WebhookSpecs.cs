using System.Net;
using System.Text;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using Microsoft.AspNetCore.Http;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Webhooks;

/// <summary>A gateway whose webhook backoff is short (200 ms doubling up to 1 s), so retries are seen within a spec.</summary>
public sealed class FastRetryGateway : IAsyncLifetime
{
    public static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);

    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Webhooks__MinBackoff"] = MinBackoff.ToString(),
        ["Webhooks__MaxBackoff"] = TimeSpan.FromSeconds(1).ToString(),
    };

    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(Settings);

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}

/// <summary>Webhooks against a real gateway delivering to a real local HTTP receiver.</summary>
public sealed class WebhookSpecs(FastRetryGateway fixture) : IClassFixture<FastRetryGateway>, IAsyncLifetime
{
    // Standard Webhooks secrets: whsec_ + base64 of 32 bytes.
    private const string Secret = "whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    private const string OtherSecret = "whsec_ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    private readonly HttpClient _client = fixture.Gateway.Client;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Every_event_is_posted_once_as_read_signed_with_the_secret_and_in_stream_order()
    {
        var topic = NewTopic();
        var streams = Enumerable.Range(1, 3).Select(i => $"{topic}-{i}").ToList();
        await AppendAsync(streams, perStream: 5);
        await PutWebhookAsync(_client, topic, "w", HttpStatusCode.Created);
        await AppendAsync(streams, perStream: 3); // live, after the webhook caught up or while it does

        var posts = await _receiver.WaitUntilAsync(p => p.Count >= 24, Patience, "24 POSTs");

        Assert.Equal(24, posts.Count);
        Assert.All(posts, p => Assert.Equal(200, p.Answer));
        var signer = new StandardWebhook(Secret);
        Assert.All(posts, p => signer.Verify(p.Text, p.HeaderDictionary())); // throws unless it verifies
        Assert.All(posts, p => Assert.StartsWith("v1,", p.Headers[ReceivedPost.SignatureHeader], StringComparison.Ordinal));
        Assert.All(posts, p => Assert.Equal(p.Json.GetProperty("eventId").GetString(), p.WebhookId));
        foreach (var stream in streams)
        {
            // Each event once, in stream order, and exactly the JSON a read returns.
            var received = posts.Where(p => p.Stream == stream).ToList();
            Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), received.Select(p => p.Sequence));
            var read = (await GetJsonAsync(_client, $"/streams/{stream}")).GetProperty("events").EnumerateArray().Select(e => e.GetRawText());
            Assert.Equal(read, received.Select(p => Encoding.UTF8.GetString(p.Body)));
        }

        var status = await WaitForStatusAsync(topic, "w", s => s.GetProperty("inFlight").GetInt32() == 0 && s.GetProperty("lag").GetInt64() == 0);
        Assert.Equal(posts.Max(p => p.Offset), status.GetProperty("checkpoint").GetInt64());
        Assert.Equal((0, 1), (status.GetProperty("parked").GetInt32(), status.GetProperty("members").GetInt32()));
    }

    [Fact]
    public async Task A_failed_post_is_retried_with_doubling_backoff_while_the_streams_later_events_wait()
    {
        var topic = NewTopic();
        var (slow, other) = ($"{topic}-slow", $"{topic}-other");
        _receiver.Answer = (e, attempt) => Task.FromResult(e.GetProperty("stream").GetString() == slow && e.GetProperty("sequence").GetInt64() == 1 && attempt < 3 ? 503 : 200);
        (await PostAsync(_client, slow, Batch(Event(), Event()))).Dispose();
        (await PostAsync(_client, other, Event())).Dispose();
        await PutWebhookAsync(_client, topic, "w", HttpStatusCode.Created);

        var posts = await _receiver.WaitUntilAsync(p => p.Count(x => x.Answer == 200) == 3, Patience, "three events delivered");

        var first = posts.Where(p => p.Stream == slow && p.Sequence == 1).ToList();
        Assert.Equal([1, 2, 3], first.Select(p => p.Attempt));
        Assert.Equal([503, 503, 200], first.Select(p => p.Answer));
        Assert.Equal($"{first[0].Offset}.1", first[0].DeliveryId);
        Assert.Single(first.Select(p => p.WebhookId).Distinct()); // one webhook-id for every attempt of the event
        Assert.All(first, p => new StandardWebhook(Secret).Verify(p.Text, p.HeaderDictionary()));

        // 200 ms, then 400 ms (timers never fire early; 20 ms allows for the two clocks' reads).
        var slop = TimeSpan.FromMilliseconds(20);
        Assert.True(first[1].At - first[0].At >= FastRetryGateway.MinBackoff - slop, $"second try after {(first[1].At - first[0].At).TotalMilliseconds} ms");
        Assert.True(first[2].At - first[1].At >= (2 * FastRetryGateway.MinBackoff) - slop, $"third try after {(first[2].At - first[1].At).TotalMilliseconds} ms");

        // The stream's second event only after its first got through; the other stream did not wait.
        var second = Assert.Single(posts, p => p.Stream == slow && p.Sequence == 2);
        Assert.True(second.At >= first[2].At);
        Assert.Single(posts, p => p.Stream == other);
    }

    [Fact]
    public async Task A_post_without_an_answer_in_time_is_tried_again()
    {
        var topic = NewTopic();
        _receiver.Answer = async (_, attempt) =>
        {
            if (attempt == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            return 200;
        };
        (await PostAsync(_client, $"{topic}-1", Event())).Dispose();
        await PutWebhookAsync(_client, topic, "w", HttpStatusCode.Created, """, "timeoutSeconds": 1""");

        var posts = await _receiver.WaitUntilAsync(p => p.Any(x => x.Attempt == 2), Patience, "a second attempt");

        Assert.Equal(posts[0].Offset, posts.Single(p => p.Attempt == 2).Offset);
        await WaitForStatusAsync(topic, "w", s => s.GetProperty("lag").GetInt64() == 0 && s.GetProperty("inFlight").GetInt32() == 0);
    }

    [Fact]
    public async Task An_event_failing_maxDeliveries_times_is_parked_the_stream_moves_on_and_a_replay_delivers_it()
    {
        var topic = NewTopic();
        var stream = $"{topic}-1";
        _receiver.Answer = (e, _) => Task.FromResult(e.GetProperty("type").GetString() == "Poison" ? 500 : 200);
        (await PostAsync(_client, stream, Batch(Event(type: "Poison"), Event()))).Dispose();
        await PutWebhookAsync(_client, topic, "w", HttpStatusCode.Created, """, "maxDeliveries": 2""");

        await _receiver.WaitUntilAsync(p => p.Any(x => x.Sequence == 2 && x.Answer == 200), Patience, "the event after the parked one");
        Assert.Equal(2, _receiver.Posts.Count(p => p.Sequence == 1));
        var parked = (await GetJsonAsync(_client, $"/topics/{topic}/webhooks/w/parked")).GetProperty("parked").EnumerateArray().Single();
        Assert.Equal(("Poison", 2), (parked.GetProperty("event").GetProperty("type").GetString(), parked.GetProperty("deliveries").GetInt32()));
        Assert.Equal(1, (await GetJsonAsync(_client, $"/topics/{topic}/webhooks/w")).GetProperty("parked").GetInt32());

        _receiver.Answer = (_, _) => Task.FromResult(200);
        using (var replay = await _client.PostAsync($"/topics/{topic}/webhooks/w/parked/replay", null))
        {
            Assert.Equal(1, (await JsonAsync(replay)).GetProperty("replayed").GetInt32());
        }

        await _receiver.WaitUntilAsync(p => p.Any(x => x.Sequence == 1 && x.Answer == 200), Patience, "the replayed event");
        await WaitForStatusAsync(topic, "w", s => s.GetProperty("parked").GetInt32() == 0);
        Assert.Empty((await GetJsonAsync(_client, $"/topics/{topic}/webhooks/w/parked")).GetProperty("parked").EnumerateArray());
    }

    [Fact]
    public async Task No_more_than_maxInFlight_posts_are_outstanding_at_once()
    {
        var topic = NewTopic();
        _receiver.Answer = async (_, _) =>
        {
            await Task.Delay(200);
            return 200;
        };
        await AppendAsync(Enumerable.Range(1, 12).Select(i => $"{topic}-{i}").ToList(), perStream: 1);
        await PutWebhookAsync(_client, topic, "w", HttpStatusCode.Created, """, "maxInFlight": 3""");

        await _receiver.WaitUntilAsync(p => p.Count == 12, Patience, "12 POSTs");

        Assert.InRange(_receiver.MaxConcurrent, 2, 3);
    }

    [Fact]
    public async Task A_delivery_verifies_only_unchanged_and_with_its_secret_and_the_same_signed_request_five_minutes_later_is_refused()
    {
        var topic = NewTopic();
        (await PostAsync(_client, $"{topic}-1", Event())).Dispose();
        await PutWebhookAsync(_client, topic, "w", HttpStatusCode.Created);
        var post = (await _receiver.WaitUntilAsync(p => p.Count == 1, Patience, "one POST"))[0];
        var signer = new StandardWebhook(Secret);

        signer.Verify(post.Text, post.HeaderDictionary());
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(OtherSecret).Verify(post.Text, post.HeaderDictionary()));
        Assert.Throws<WebhookVerificationException>(() => signer.Verify(post.Text.Replace("\"sequence\":1", "\"sequence\":2", StringComparison.Ordinal), post.HeaderDictionary()));

        // The request as the gateway would have signed it six minutes ago: a valid signature, refused for its age.
        var sixMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-6);
        var replay = new HeaderDictionary
        {
            [ReceivedPost.IdHeader] = post.WebhookId,
            [ReceivedPost.TimestampHeader] = sixMinutesAgo.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ReceivedPost.SignatureHeader] = signer.Sign(post.WebhookId, sixMinutesAgo, post.Text),
        };
        var refused = Assert.Throws<WebhookVerificationException>(() => signer.Verify(post.Text, replay));
        Assert.Contains("too old", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_cloudevents_webhook_posts_structured_cloud_events_that_the_sdk_reads_and_the_signature_covers()
    {
        var topic = NewTopic();
        (await PostAsync(_client, $"{topic}-1", Event("Deposited"))).Dispose();
        var created = await PutWebhookAsync(_client, topic, "w", HttpStatusCode.Created, """, "format": "cloudevents" """);
        Assert.Equal("cloudevents", created.GetProperty("format").GetString());

        var post = (await _receiver.WaitUntilAsync(p => p.Count == 1, Patience, "one POST"))[0];

        Assert.StartsWith("application/cloudevents+json", post.Headers["Content-Type"], StringComparison.Ordinal);
        new StandardWebhook(Secret).Verify(post.Text, post.HeaderDictionary());
        var positions = new[] { "stream", "sequence", "offset" }.Select(n => CloudEventAttribute.CreateExtension(n, CloudEventAttributeType.String)).ToArray();
        var cloudEvent = new JsonEventFormatter().DecodeStructuredModeMessage(post.Body, new System.Net.Mime.ContentType("application/cloudevents+json"), positions);
        var stored = (await GetJsonAsync(_client, $"/streams/{topic}-1")).GetProperty("events")[0];
        Assert.Equal(("Deposited", stored.GetProperty("eventId").GetString(), post.WebhookId), (cloudEvent.Type, cloudEvent.Id, cloudEvent.Id));
        Assert.Equal(($"{topic}-1", "1", stored.GetProperty("offset").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), (cloudEvent["stream"], cloudEvent["sequence"], cloudEvent["offset"]));
    }

    [Fact]
    public async Task A_webhook_created_without_a_secret_gets_one_shown_once_and_its_posts_verify_with_it()
    {
        var topic = NewTopic();
        var definition = $$"""{"url":"{{_receiver.Url}}"}""";

        using var created = await PutAsync(topic, "w", definition);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await JsonAsync(created)).GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);

        using var again = await PutAsync(topic, "w", definition);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await JsonAsync(again)).TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, (await GetJsonAsync(_client, $"/topics/{topic}/webhooks/w")).GetRawText(), StringComparison.Ordinal);

        (await PostAsync(_client, $"{topic}-1", Event())).Dispose();
        var post = (await _receiver.WaitUntilAsync(p => p.Count == 1, Patience, "one POST"))[0];
        new StandardWebhook(secret).Verify(post.Text, post.HeaderDictionary());
    }

    [Fact]
    public async Task Creating_is_201_then_200_then_409_and_the_secret_is_never_shown()
    {
        var topic = NewTopic();
        var created = await PutWebhookAsync(_client, topic, "w", HttpStatusCode.Created);
        Assert.Equal((_receiver.Url.ToString(), 16, 10, 10), (created.GetProperty("url").GetString(), created.GetProperty("maxInFlight").GetInt32(), created.GetProperty("maxDeliveries").GetInt32(), created.GetProperty("timeoutSeconds").GetInt32()));
        Assert.DoesNotContain(Secret, created.GetRawText(), StringComparison.Ordinal);
        await PutWebhookAsync(_client, topic, "w", HttpStatusCode.OK);

        using var conflict = await PutAsync(topic, "w", $$"""{"url":"{{_receiver.Url}}","secret":"{{OtherSecret}}"}""");
        var problem = await AssertProblemAsync(conflict, HttpStatusCode.Conflict);
        Assert.DoesNotContain(Secret, problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, (await GetJsonAsync(_client, $"/topics/{topic}/webhooks/w")).GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($$"""{"secret":"{{Secret}}"}""")]
    [InlineData($$"""{"url":"ftp://127.0.0.1/h","secret":"{{Secret}}"}""")]
    [InlineData($$"""{"url":"/relative","secret":"{{Secret}}"}""")]
    [InlineData($$"""{"url":"http://user:pw@127.0.0.1/h","secret":"{{Secret}}"}""")]
    [InlineData("""{"url":"http://127.0.0.1:1/h","secret":""}""")]
    [InlineData("""{"url":"http://127.0.0.1:1/h","secret":"s3cret"}""")] // not whsec_
    [InlineData("""{"url":"http://127.0.0.1:1/h","secret":"whsec_AQIDBAUGBwgJCgsMDQ4PEBES"}""")] // 18 bytes: under 24
    [InlineData("""{"url":"http://127.0.0.1:1/h","secret":"whsec_not base64 at all!"}""")]
    [InlineData($$"""{"url":"http://127.0.0.1:1/h","secret":"{{Secret}}","maxInFlight":0}""")]
    [InlineData($$"""{"url":"http://127.0.0.1:1/h","secret":"{{Secret}}","timeoutSeconds":301}""")]
    [InlineData($$"""{"url":"http://127.0.0.1:1/h","secret":"{{Secret}}","ordering":"none"}""")]
    [InlineData($$"""{"url":"http://127.0.0.1:1/h","secret":"{{Secret}}","format":"xml"}""")]
    [InlineData("""not json""")]
    public async Task Bad_definitions_are_400_and_create_nothing(string body)
    {
        var topic = NewTopic();
        using var response = await PutAsync(topic, "w", body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);

        using var status = await _client.GetAsync($"/topics/{topic}/webhooks/w");
        await AssertProblemAsync(status, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_deleted_webhook_is_gone_and_posts_no_more()
    {
        var topic = NewTopic();
        await PutWebhookAsync(_client, topic, "w", HttpStatusCode.Created);
        (await PostAsync(_client, $"{topic}-1", Event())).Dispose();
        await _receiver.WaitUntilAsync(p => p.Count == 1, Patience, "the first event");

        using (var deleted = await _client.DeleteAsync($"/topics/{topic}/webhooks/w"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"/topics/{topic}/webhooks/w"),
            new HttpRequestMessage(HttpMethod.Delete, $"/topics/{topic}/webhooks/w"),
            new HttpRequestMessage(HttpMethod.Get, $"/topics/{topic}/webhooks/w/parked"),
            new HttpRequestMessage(HttpMethod.Post, $"/topics/{topic}/webhooks/w/parked/replay"),
        })
        {
            using (request)
            using (var response = await _client.SendAsync(request))
            {
                await AssertProblemAsync(response, HttpStatusCode.NotFound);
            }
        }

        // An event appended after the delete reaches a new webhook (the probe) but not the deleted one.
        (await PostAsync(_client, $"{topic}-1", Event())).Dispose();
        await PutWebhookAsync(_client, topic, "probe", HttpStatusCode.Created, """, "startFrom": "latest" """);
        (await PostAsync(_client, $"{topic}-1", Event())).Dispose();
        await _receiver.WaitUntilAsync(p => p.Any(x => x.Sequence == 3), Patience, "the probe's event");
        Assert.DoesNotContain(_receiver.Posts, p => p.Sequence == 2);
    }

    [Fact]
    public async Task A_webhook_runs_again_after_the_gateway_is_killed_and_restarted_without_being_asked()
    {
        var topic = NewTopic();
        var gateway = await GatewayProcess.StartAsync(FastRetryGateway.Settings);
        GatewayProcess? restarted = null;
        try
        {
            await PutWebhookOnFreshGatewayAsync(gateway.Client, topic, "w");
            (await PostAsync(gateway.Client, $"{topic}-1", Event())).Dispose();
            await _receiver.WaitUntilAsync(p => p.Any(x => x.Sequence == 1 && x.Answer == 200), Patience, "the event before the kill");

            gateway.Kill();
            restarted = await gateway.RestartAsync(FastRetryGateway.Settings);

            // Nothing touches the webhook's endpoints: only the append, and sharding's remembered entities.
            (await PostAsync(restarted.Client, $"{topic}-1", Event())).Dispose();
            await _receiver.WaitUntilAsync(p => p.Any(x => x.Sequence == 2 && x.Answer == 200), Patience, "the event after the restart");
        }
        finally
        {
            // The first process owns the data folder: it goes last, after the process still using it.
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }

            await gateway.DisposeAsync();
        }
    }

    private async Task<JsonElement> PutWebhookAsync(HttpClient client, string topic, string name, HttpStatusCode expected, string extra = "")
    {
        using var response = await client.PutAsync(
            $"/topics/{topic}/webhooks/{name}",
            new StringContent($$"""{"url":"{{_receiver.Url}}","secret":"{{Secret}}"{{extra}}}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"PUT webhook: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// The first webhook of a just-started gateway allocates its shard and remembers the entity; on a
    /// loaded machine that can outlast the gateway's 10 s ask, answered 504 ("outcome unknown").
    /// A client retries the same PUT then: 201 if the first did not get through, 200 if it did.
    /// </summary>
    private async Task PutWebhookOnFreshGatewayAsync(HttpClient client, string topic, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.PutAsync(
                $"/topics/{topic}/webhooks/{name}",
                new StringContent($$"""{"url":"{{_receiver.Url}}","secret":"{{Secret}}"}""", Encoding.UTF8, "application/json"));
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(response.StatusCode == HttpStatusCode.GatewayTimeout && attempt < 3, $"PUT webhook: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private Task<HttpResponseMessage> PutAsync(string topic, string name, string body) =>
        _client.PutAsync($"/topics/{topic}/webhooks/{name}", new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task AppendAsync(IReadOnlyList<string> streams, int perStream)
    {
        for (var i = 0; i < perStream; i++)
        {
            foreach (var stream in streams)
            {
                using var response = await PostAsync(_client, stream, Event());
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }
    }

    private Task<JsonElement> WaitForStatusAsync(string topic, string name, Func<JsonElement, bool> condition) =>
        Eventually.ReadUntilAsync(
            () => GetJsonAsync(_client, $"/topics/{topic}/webhooks/{name}"),
            condition,
            Patience,
            TimeSpan.FromMilliseconds(100),
            status => $"Webhook status never matched: {status.GetRawText()}");
}
