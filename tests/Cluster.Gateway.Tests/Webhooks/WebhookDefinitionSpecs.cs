using System.Net;
using Microsoft.AspNetCore.Http;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using static Cluster.Tests.Shared.Api;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Gateway.Tests.Webhooks;

/// <summary>Creating webhooks and what their deliveries prove: Standard Webhooks signatures, CloudEvents, secrets made and never shown again, bad definitions.</summary>
[Collection(FastRetryGatewayCollection.Name)]
public sealed class WebhookDefinitionSpecs(FastRetryGateway fixture) : WebhookSpecsBase(fixture)
{
    [Fact]
    public async Task A_delivery_verifies_only_unchanged_and_with_its_secret_and_the_same_signed_request_five_minutes_later_is_refused()
    {
        var topic = NewTopic();
        (await PostAsync(Client, $"{topic}-1", Event())).Dispose();
        await PutWebhookAsync(Client, topic, "w", HttpStatusCode.Created);
        var post = (await Receiver.WaitUntilAsync(p => p.Count == 1, Patience, "one POST"))[0];
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
        (await PostAsync(Client, $"{topic}-1", Event("Deposited"))).Dispose();
        var created = await PutWebhookAsync(Client, topic, "w", HttpStatusCode.Created, """, "format": "cloudevents" """);
        Assert.Equal("cloudevents", created.GetProperty("format").GetString());

        var post = (await Receiver.WaitUntilAsync(p => p.Count == 1, Patience, "one POST"))[0];

        Assert.StartsWith("application/cloudevents+json", post.Headers["Content-Type"], StringComparison.Ordinal);
        new StandardWebhook(Secret).Verify(post.Text, post.HeaderDictionary());
        var positions = new[] { "stream", "sequence", "offset" }.Select(n => CloudEventAttribute.CreateExtension(n, CloudEventAttributeType.String)).ToArray();
        var cloudEvent = new JsonEventFormatter().DecodeStructuredModeMessage(post.Body, new System.Net.Mime.ContentType("application/cloudevents+json"), positions);
        var stored = (await GetJsonAsync(Client, $"/streams/{topic}-1")).GetProperty("events")[0];
        Assert.Equal(("Deposited", stored.GetProperty("eventId").GetString(), post.WebhookId), (cloudEvent.Type, cloudEvent.Id, cloudEvent.Id));
        Assert.Equal(($"{topic}-1", "1", stored.GetProperty("offset").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), (cloudEvent["stream"], cloudEvent["sequence"], cloudEvent["offset"]));
    }

    [Fact]
    public async Task A_webhook_created_without_a_secret_gets_one_shown_once_and_its_posts_verify_with_it()
    {
        var topic = NewTopic();
        var definition = $$"""{"url":"{{Receiver.Url}}"}""";

        using var created = await PutAsync(topic, "w", definition);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await JsonAsync(created)).GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);

        using var again = await PutAsync(topic, "w", definition);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await JsonAsync(again)).TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, (await GetJsonAsync(Client, $"/topics/{topic}/webhooks/w")).GetRawText(), StringComparison.Ordinal);

        (await PostAsync(Client, $"{topic}-1", Event())).Dispose();
        var post = (await Receiver.WaitUntilAsync(p => p.Count == 1, Patience, "one POST"))[0];
        new StandardWebhook(secret).Verify(post.Text, post.HeaderDictionary());
    }

    [Fact]
    public async Task Creating_is_201_then_200_then_409_and_the_secret_is_never_shown()
    {
        var topic = NewTopic();
        var created = await PutWebhookAsync(Client, topic, "w", HttpStatusCode.Created);
        Assert.Equal((Receiver.Url.ToString(), 16, 10, 10), (created.GetProperty("url").GetString(), created.GetProperty("maxInFlight").GetInt32(), created.GetProperty("maxDeliveries").GetInt32(), created.GetProperty("timeoutSeconds").GetInt32()));
        Assert.DoesNotContain(Secret, created.GetRawText(), StringComparison.Ordinal);
        await PutWebhookAsync(Client, topic, "w", HttpStatusCode.OK);

        using var conflict = await PutAsync(topic, "w", $$"""{"url":"{{Receiver.Url}}","secret":"{{OtherSecret}}"}""");
        var problem = await AssertProblemAsync(conflict, HttpStatusCode.Conflict);
        Assert.DoesNotContain(Secret, problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, (await GetJsonAsync(Client, $"/topics/{topic}/webhooks/w")).GetRawText(), StringComparison.Ordinal);
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

        using var status = await Client.GetAsync($"/topics/{topic}/webhooks/w");
        await AssertProblemAsync(status, HttpStatusCode.NotFound);
    }
}
