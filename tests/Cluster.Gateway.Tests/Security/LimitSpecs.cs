using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;

namespace Cluster.Gateway.Tests.Security;

/// <summary>A gateway with small limits and API keys, so every limit is reached by a spec.</summary>
public sealed class LimitedGateway : IAsyncLifetime
{
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>(KeyedGateway.Settings())
        {
            ["Gateway__MaxBatchEvents"] = "3",
            ["Gateway__MaxEventBytes"] = "512",
            ["Gateway__MaxRequestBytes"] = "4096",
            ["Gateway__MaxIngestLineBytes"] = "300",
            ["Gateway__MaxRequestHeadersBytes"] = "8192",
            ["Gateway__MaxRequestHeaderCount"] = "30",
            ["RateLimit__PermitsPerSecond"] = "1",
            ["RateLimit__Burst"] = "5",
        };
        _gateway = await GatewayProcess.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}

/// <summary>Each request limit: its configuration key, the refusal past it, and nothing stored.</summary>
public sealed class LimitSpecs(LimitedGateway fixture) : IClassFixture<LimitedGateway>
{
    private readonly HttpClient _client = fixture.Gateway.Client;

    [Fact]
    public async Task A_batch_longer_than_MaxBatchEvents_is_413_and_stores_nothing()
    {
        var stream = "other-" + Guid.NewGuid().ToString("N")[..8];
        using (var tooLong = await PostAsync(stream, Api.Batch(Api.Event(), Api.Event(), Api.Event(), Api.Event()), KeyedGateway.Other))
        {
            await Api.AssertProblemAsync(tooLong, HttpStatusCode.RequestEntityTooLarge);
        }

        using (var read = await SendAsync(HttpMethod.Get, $"/streams/{stream}", null, KeyedGateway.Other))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }

        using var fits = await PostAsync(stream, Api.Batch(Api.Event(), Api.Event(), Api.Event()), KeyedGateway.Other);
        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
    }

    [Fact]
    public async Task A_body_over_MaxRequestBytes_and_an_event_over_MaxEventBytes_are_413()
    {
        var bigData = $$"""{"type":"A","data":"{{new string('x', 600)}}"}""";
        using (var bigEvent = await PostAsync("other-big", bigData, KeyedGateway.Other))
        {
            await Api.AssertProblemAsync(bigEvent, HttpStatusCode.RequestEntityTooLarge);
        }

        var bigBody = $$$"""{"type":"A","data":{},"metadata":{"pad":"{{{new string('y', 5000)}}}"}}""";
        using var tooLarge = await PostAsync("other-big", bigBody, KeyedGateway.Other);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task An_ndjson_line_over_MaxIngestLineBytes_gets_an_error_line_and_the_next_line_is_stored()
    {
        var stream = "sec-ingest-" + Guid.NewGuid().ToString("N")[..8];
        var body = $$"""{"stream":"{{stream}}","type":"A","data":"{{new string('z', 400)}}"}""" + "\n" + $$$"""{"stream":"{{{stream}}}","type":"B","data":{}}""" + "\n";
        using var response = await SendAsync(HttpMethod.Post, "/ingest", new StringContent(body, Encoding.UTF8, "application/x-ndjson"), KeyedGateway.Root);
        var answers = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal(2, answers.Count);
        Assert.Contains("300", answers[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, answers[1].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Headers_over_MaxRequestHeadersBytes_or_MaxRequestHeaderCount_are_431()
    {
        using (var big = new HttpRequestMessage(HttpMethod.Get, "/health/live"))
        {
            big.Headers.TryAddWithoutValidation("X-Padding", new string('p', 9000));
            using var response = await _client.SendAsync(big);
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        }

        using var many = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        for (var i = 0; i < 40; i++)
        {
            many.Headers.TryAddWithoutValidation($"X-Header-{i}", "v");
        }

        using var manyResponse = await _client.SendAsync(many);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, manyResponse.StatusCode);
    }

    [Fact]
    public async Task The_publish_rate_is_per_key_429_with_Retry_After_for_one_key_while_another_publishes()
    {
        HttpStatusCode last = HttpStatusCode.OK;
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && last != HttpStatusCode.TooManyRequests; i++)
        {
            limited?.Dispose();
            limited = await PostAsync("sec-rate", Api.Event(), KeyedGateway.Publish);
            last = limited.StatusCode;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        Assert.True(int.Parse(limited!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        limited.Dispose();

        using var other = await PostAsync("sec-rate", Api.Event(), KeyedGateway.Root);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string stream, string body, string key) =>
        SendAsync(HttpMethod.Post, $"/streams/{stream}", new StringContent(body, Encoding.UTF8, "application/json"), key);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string key)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await _client.SendAsync(request);
    }
}
