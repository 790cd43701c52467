using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cluster.Tests.Shared;

namespace Cluster.Gateway.Tests.Security;

/// <summary>
/// API keys and rights (API.md, Security) on a real gateway: every endpoint × every right, allowed
/// and refused; 401 without a known key; <c>$all</c> and cluster-wide endpoints only for <c>*</c> keys.
/// </summary>
public sealed class ApiKeySpecs(KeyedGateway fixture) : IClassFixture<KeyedGateway>, IAsyncLifetime
{
    private static readonly string Event = Api.Event();

    /// <summary>Every endpoint but /health/*, with the right it needs; <c>Cluster</c>: on <c>*</c> only.</summary>
    public static readonly TheoryData<string, string, string?, string, bool> Endpoints = new()
    {
        { "POST", "/streams/sec-1", Event, "publish", false },
        { "GET", "/streams/sec-1", null, "subscribe", false },
        { "GET", "/streams/sec-1/info", null, "subscribe", false },
        { "GET", "/streams/sec-1/subscribe", null, "subscribe", false },
        { "GET", "/topics/sec", null, "subscribe", false },
        { "GET", "/topics/sec/subscribe", null, "subscribe", false },
        { "GET", "/topics/sec/stats", null, "subscribe", false },
        { "PUT", "/topics/sec/groups/g", "{}", "admin", false },
        { "GET", "/topics/sec/groups/g", null, "subscribe", false },
        { "DELETE", "/topics/sec/groups/gone", null, "admin", false },
        { "GET", "/topics/sec/groups/g/subscribe", null, "subscribe", false },
        { "POST", "/topics/sec/groups/g/ack", """{"ids":["1.1"]}""", "subscribe", false },
        { "POST", "/topics/sec/groups/g/nack", """{"ids":["1.1"]}""", "subscribe", false },
        { "GET", "/topics/sec/groups/g/parked", null, "subscribe", false },
        { "POST", "/topics/sec/groups/g/parked/replay", null, "admin", false },
        { "PUT", "/topics/sec/webhooks/w", """{"url":"http://127.0.0.1:9/h","startFrom":"latest"}""", "admin", false },
        { "GET", "/topics/sec/webhooks/w", null, "admin", false },
        { "DELETE", "/topics/sec/webhooks/gone", null, "admin", false },
        { "GET", "/topics/sec/webhooks/w/parked", null, "admin", false },
        { "POST", "/topics/sec/webhooks/w/parked/replay", null, "admin", false },
        { "GET", "/topics/$all", null, "subscribe", true },
        { "GET", "/topics/$all/subscribe", null, "subscribe", true },
        { "GET", "/topics/$all/stats", null, "subscribe", true },
        { "GET", "/metrics", null, "admin", true },
        { "GET", "/cluster", null, "admin", true },
        { "GET", "/bootstrap/seed-nodes", null, "admin", true },
        { "GET", "/dashboard/topics/sec/head", null, "subscribe", false },

        // The dashboard's copies of API endpoints keep their rights.
        { "GET", "/dashboard/api/streams/sec-1", null, "subscribe", false },
        { "GET", "/dashboard/api/topics/sec", null, "subscribe", false },
        { "GET", "/dashboard/api/topics/sec/subscribe", null, "subscribe", false },
        { "GET", "/dashboard/api/topics/sec/groups/g/parked", null, "subscribe", false },
        { "POST", "/dashboard/api/topics/sec/groups/g/parked/replay", null, "admin", false },
        { "GET", "/dashboard/api/topics/sec/webhooks/w", null, "admin", false },
        { "GET", "/dashboard/api/cluster", null, "admin", true },
    };

    private readonly HttpClient _client = fixture.Gateway.Client;

    public async Task InitializeAsync()
    {
        // Something to read, a group and a webhook to address, created with the * key.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync("POST", "/streams/sec-1", Event, KeyedGateway.Root)).StatusCode);
        Assert.True((await SendAsync("PUT", "/topics/sec/groups/g", "{}", KeyedGateway.Root)).IsSuccessStatusCode);
        Assert.True((await SendAsync("PUT", "/topics/sec/webhooks/w", """{"url":"http://127.0.0.1:9/h","startFrom":"latest"}""", KeyedGateway.Root)).IsSuccessStatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_right_is_allowed_exactly_where_the_endpoint_needs_it(string method, string path, string? body, string needed, bool clusterWide)
    {
        foreach (var (right, key) in new[] { ("publish", KeyedGateway.Publish), ("subscribe", KeyedGateway.Subscribe), ("admin", KeyedGateway.Admin) })
        {
            using var response = await SendAsync(method, path, body, key);
            var allowed = right == needed && !clusterWide;
            if (allowed)
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{method} {path} with the {right} key: {(int)response.StatusCode}");
            }
            else
            {
                var problem = await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden);
                Assert.Contains(needed, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        using var root = await SendAsync(method, path, body, KeyedGateway.Root);
        Assert.True(root.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{method} {path} with the * key: {(int)root.StatusCode}");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Without_a_known_key_every_endpoint_is_401_and_a_key_of_another_topic_is_403(string method, string path, string? body, string needed, bool clusterWide)
    {
        _ = needed;
        foreach (var key in new string?[] { null, "not-a-configured-key-at-all", KeyedGateway.Root + "x" })
        {
            using var response = await SendAsync(method, path, body, key);
            await Api.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        using var other = await SendAsync(method, path, body, KeyedGateway.Other);
        await Api.AssertProblemAsync(other, HttpStatusCode.Forbidden);
        _ = clusterWide;
    }

    [Fact]
    public async Task Health_needs_no_key()
    {
        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            using var response = await SendAsync("GET", path, null, null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_prefix_pattern_covers_its_topics_but_never_all()
    {
        using (var allowed = await SendAsync("GET", "/topics/sec", null, KeyedGateway.Prefix))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using (var all = await SendAsync("GET", "/topics/$all", null, KeyedGateway.Prefix))
        {
            await Api.AssertProblemAsync(all, HttpStatusCode.Forbidden);
        }

        using var elsewhere = await SendAsync("GET", "/topics/other", null, KeyedGateway.Prefix);
        await Api.AssertProblemAsync(elsewhere, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Topics_lists_only_what_the_key_may_subscribe_to()
    {
        Assert.Equal(HttpStatusCode.Created, (await SendAsync("POST", "/streams/other-1", Event, KeyedGateway.Root)).StatusCode);

        async Task<string[]> TopicsAsync(string key)
        {
            using var response = await SendAsync("GET", "/topics", null, key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await Api.JsonAsync(response)).GetProperty("topics").EnumerateArray().Select(t => t.GetProperty("topic").GetString()!).ToArray();
        }

        Assert.Equal(["sec"], await TopicsAsync(KeyedGateway.Subscribe));
        Assert.Empty(await TopicsAsync(KeyedGateway.Publish));
        Assert.Equal(["other", "sec"], (await TopicsAsync(KeyedGateway.Root)).Order());
    }

    [Fact]
    public async Task Ingest_stores_the_lines_of_allowed_topics_and_refuses_the_others_line_by_line()
    {
        var body = "{\"stream\":\"sec-ingest\",\"type\":\"A\",\"data\":{}}\n{\"stream\":\"other-ingest\",\"type\":\"A\",\"data\":{}}\n";
        using var response = await SendAsync("POST", "/ingest", body, KeyedGateway.Publish, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answers = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal("sec-ingest", answers[0].GetProperty("stream").GetString());
        Assert.Contains("publish right on topic other", answers[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        using var read = await SendAsync("GET", "/streams/other-ingest", null, KeyedGateway.Root);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? body, string? key, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        // Headers only: subscriptions stay open; the status is all that is checked.
        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            response.Dispose();
            return new HttpResponseMessage(response.StatusCode);
        }

        return response;
    }
}
