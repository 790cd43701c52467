using System.Diagnostics;
using System.Net;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Overload;

/// <summary>A gateway limiting each client to one publish per second with a burst of one.</summary>
public sealed class RateLimitSpecs : IAsyncLifetime
{
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
    {
        ["RateLimit__PermitsPerSecond"] = "1",
        ["RateLimit__Burst"] = "1",
    });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_client_over_its_rate_gets_429_with_retry_after_and_stores_nothing()
    {
        var elapsed = Stopwatch.StartNew();
        var outcomes = new List<(string Stream, HttpStatusCode Status)>();
        for (var i = 0; i < 10; i++)
        {
            var stream = NewStream();
            using var response = await PostAsync(_gateway.Client, stream, Event());
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 must carry Retry-After.");
            }

            outcomes.Add((stream, response.StatusCode));
        }

        // One request per second plus the burst of one may pass; the rest are refused.
        var created = outcomes.Count(o => o.Status == HttpStatusCode.Created);
        Assert.True(created <= 1 + (int)elapsed.Elapsed.TotalSeconds + 1, $"{created} appends passed in {elapsed.Elapsed}.");
        Assert.Contains(outcomes, o => o.Status == HttpStatusCode.TooManyRequests);
        Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.Created or HttpStatusCode.TooManyRequests, $"{o.Status}"));
        foreach (var (stream, status) in outcomes)
        {
            using var info = await _gateway.Client.GetAsync($"/streams/{stream}/info");
            Assert.Equal(status == HttpStatusCode.Created ? HttpStatusCode.OK : HttpStatusCode.NotFound, info.StatusCode);
        }

        // Reads are not limited.
        using var read = await _gateway.Client.GetAsync($"/streams/{outcomes.First(o => o.Status == HttpStatusCode.Created).Stream}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
}
