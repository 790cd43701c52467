using System.Net;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using EventCluster.Client;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.CloudEvents;

/// <summary>
/// CloudEvents 1.0 over HTTP against a real gateway, with the CNCF C# SDK as the client: publishing
/// in structured, batched and binary mode, (source, id) as the idempotency key, and reading back in
/// CloudEvents form from pages and SSE.
/// </summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class CloudEventSpecs(SharedGateway fixture)
{
    private static readonly JsonEventFormatter Formatter = new();
    private static readonly CloudEventAttribute Tenant = CloudEventAttribute.CreateExtension("tenant", CloudEventAttributeType.String);
    private static readonly CloudEventAttribute[] Positions =
    [
        CloudEventAttribute.CreateExtension("stream", CloudEventAttributeType.String),
        CloudEventAttribute.CreateExtension("sequence", CloudEventAttributeType.String),
        CloudEventAttribute.CreateExtension("offset", CloudEventAttributeType.String),
        Tenant,
    ];

    private readonly HttpClient _client = fixture.Client;

    private static CloudEvent OrderEvent(string id, string type = "com.example.order.created", object? data = null)
    {
        var cloudEvent = new CloudEvent([Tenant])
        {
            Id = id,
            Source = new Uri("/shop/orders", UriKind.Relative),
            Type = type,
            Subject = "order-" + id,
            Time = new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero),
            DataContentType = "application/json",
            Data = data ?? new { amount = 42 },
        };
        cloudEvent[Tenant] = "acme";
        return cloudEvent;
    }

    private async Task<HttpResponseMessage> PostAsync(string stream, HttpContent content) =>
        await _client.PostAsync($"/streams/{stream}", content);

    [Theory]
    [InlineData(ContentMode.Structured)]
    [InlineData(ContentMode.Binary)]
    public async Task A_cloud_event_sent_twice_is_stored_once_with_its_type_data_and_attributes(ContentMode mode)
    {
        var stream = NewStream("orders");
        var cloudEvent = OrderEvent(Guid.NewGuid().ToString());

        using (var first = await PostAsync(stream, cloudEvent.ToHttpContent(mode, Formatter)))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using (var again = await PostAsync(stream, cloudEvent.ToHttpContent(mode, Formatter)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(1, (await JsonAsync(again)).GetProperty("firstSequence").GetInt64());
        }

        var stored = Assert.Single(await ReadWholeStreamAsync(_client, stream));
        Assert.Equal("com.example.order.created", stored.GetProperty("type").GetString());
        Assert.Equal(42, stored.GetProperty("data").GetProperty("amount").GetInt32());
        var attributes = stored.GetProperty("metadata").GetProperty("cloudEvent");
        Assert.Equal((cloudEvent.Id, "/shop/orders", "acme", "1.0"), (
            attributes.GetProperty("id").GetString(), attributes.GetProperty("source").GetString(),
            attributes.GetProperty("tenant").GetString(), attributes.GetProperty("specversion").GetString()));
        Assert.Equal(5, stored.GetProperty("eventId").GetGuid().Version); // a version-5 UUID of (source, id)
    }

    [Fact]
    public async Task A_batch_is_stored_atomically_and_a_batch_with_one_bad_event_stores_nothing()
    {
        var stream = NewStream("orders");
        var batch = new[] { OrderEvent("b1"), OrderEvent("b2", "com.example.order.paid") };

        using (var stored = await PostAsync(stream, batch.ToHttpContent(Formatter)))
        {
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
            Assert.Equal((1L, 2L), ((await JsonAsync(stored)).GetProperty("firstSequence").GetInt64(), (await JsonAsync(stored)).GetProperty("lastSequence").GetInt64()));
        }

        var other = NewStream("orders");
        var notJson = OrderEvent("c2");
        notJson.DataContentType = "text/plain";
        notJson.Data = "plain text";
        using (var refused = await PostAsync(other, new[] { OrderEvent("c1"), notJson }.ToHttpContent(Formatter)))
        {
            await AssertProblemAsync(refused, HttpStatusCode.UnsupportedMediaType);
        }

        using var nothing = await _client.GetAsync($"/streams/{other}");
        await AssertProblemAsync(nothing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Data_that_is_not_json_is_415_and_a_binary_event_without_ce_source_is_400()
    {
        var stream = NewStream("orders");
        var text = OrderEvent("t1");
        text.DataContentType = "text/plain";
        text.Data = "hello";
        using (var refused = await PostAsync(stream, text.ToHttpContent(ContentMode.Binary, Formatter)))
        {
            await AssertProblemAsync(refused, HttpStatusCode.UnsupportedMediaType);
        }

        // The SDK will not make an event without a source, so this one is written by hand.
        using var noSource = new HttpRequestMessage(HttpMethod.Post, $"/streams/{stream}")
        {
            Content = new StringContent("""{"amount":1}""", Encoding.UTF8, "application/json"),
        };
        noSource.Headers.Add("ce-specversion", "1.0");
        noSource.Headers.Add("ce-id", "n1");
        noSource.Headers.Add("ce-type", "com.example.order.created");
        using (var response = await _client.SendAsync(noSource))
        {
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Contains("source", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var nothing = await _client.GetAsync($"/streams/{stream}");
        await AssertProblemAsync(nothing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pages_read_as_cloud_events_give_back_the_original_attributes_and_map_plain_events()
    {
        var stream = NewStream("orders");
        var published = OrderEvent("r1");
        (await PostAsync(stream, published.ToHttpContent(ContentMode.Structured, Formatter))).Dispose();
        (await Api.PostAsync(_client, stream, Event("Deposited", data: """{"amount":7}"""))).Dispose();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/streams/{stream}?limit=1");
        request.Headers.Accept.ParseAdd("application/cloudevents-batch+json");
        using var firstPage = await _client.SendAsync(request);
        Assert.Equal("application/cloudevents-batch+json", firstPage.Content.Headers.ContentType?.MediaType);
        Assert.Contains("rel=\"next\"", string.Join(",", firstPage.Headers.GetValues("Link")), StringComparison.Ordinal);
        var read = Assert.Single(await firstPage.ToCloudEventBatchAsync(Formatter, Positions));
        Assert.Equal((published.Id, published.Source, published.Type, published.Subject, published.Time), (read.Id, read.Source, read.Type, read.Subject, read.Time));
        Assert.Equal(("acme", stream, "1"), (read[Tenant], read["stream"], read["sequence"]));
        Assert.Equal(42, ((JsonElement)read.Data!).GetProperty("amount").GetInt32());

        var client = new EventClusterClient(_client);
        var page = await client.ReadStreamAsCloudEventsAsync(stream, from: 2);
        var plain = Assert.Single(page.Events);
        Assert.Null(page.Next);
        var asRead = (await ReadWholeStreamAsync(_client, stream))[1];
        Assert.Equal(asRead.GetProperty("eventId").GetString(), plain.Id);
        Assert.Equal(new Uri($"/streams/{stream}", UriKind.Relative), plain.Source);
        Assert.Equal((stream, "Deposited", "application/json"), (plain.Subject, plain.Type, plain.DataContentType));
        Assert.Equal(DateTimeOffset.Parse(asRead.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture), plain.Time);

        var topicPage = await client.ReadTopicAsCloudEventsAsync("orders", limit: 1000);
        Assert.Contains(topicPage.Events, e => (string?)e["stream"] == stream && e["offset"] is string);
    }

    [Fact]
    public async Task The_client_publishes_cloud_events_and_an_sse_subscription_carries_them_in_cloud_events_form()
    {
        var stream = NewStream("orders");
        var client = new EventClusterClient(_client);
        var first = await client.PublishCloudEventAsync(stream, OrderEvent("s1"));
        var again = await client.PublishCloudEventAsync(stream, OrderEvent("s1"));
        var batch = await client.PublishCloudEventsAsync(stream, [OrderEvent("s2"), OrderEvent("s3")]);
        Assert.Equal((1L, false, 1L, true, 2L, 3L), (first.FirstSequence, first.AlreadyStored, again.FirstSequence, again.AlreadyStored, batch.FirstSequence, batch.LastSequence));

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/streams/{stream}/subscribe?format=cloudevents"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var received = new List<CloudEvent>();
        while (received.Count < 3 && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                received.Add(Formatter.DecodeStructuredModeMessage(Encoding.UTF8.GetBytes(line["data: ".Length..]), new ContentType("application/cloudevents+json"), Positions));
            }
        }

        Assert.Equal(["s1", "s2", "s3"], received.Select(e => e.Id));
        Assert.Equal(["1", "2", "3"], received.Select(e => (string?)e["sequence"]));
    }
}
