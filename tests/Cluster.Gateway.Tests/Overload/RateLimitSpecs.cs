using System.Net;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;
using static Cluster.Tests.Shared.Api;

namespace Cluster.Gateway.Tests.Overload;

/// <summary>A gateway limiting each client to one publish per second with no burst.</summary>
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
        var first = NewStream();
        var second = NewStream();
        using var allowed = await PostAsync(_gateway.Client, first, Event());
        using var limited = await PostAsync(_gateway.Client, second, Event());

        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 must carry Retry-After.");
        using var info = await _gateway.Client.GetAsync($"/streams/{second}/info");
        Assert.Equal(HttpStatusCode.NotFound, info.StatusCode);

        // Reads are not limited.
        using var read = await _gateway.Client.GetAsync($"/streams/{first}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
}
