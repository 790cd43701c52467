using System.Net;
using System.Text.Json;
using Cluster.Gateway.Tests.Infrastructure;

namespace Cluster.Gateway.Tests.Operations;

/// <summary><c>/health/ready</c> on a real all-in-one gateway: every readiness check, by name, in the body.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class HealthSpecs(SharedGateway fixture)
{
    [Fact]
    public async Task Readiness_names_each_check_including_that_commit_announcements_reach_the_gateway()
    {
        using var response = await fixture.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString());
        Assert.Equal(["actor-system", "cluster-member", "commit-feed", "journal", "shard-regions"], checks.Keys.Order());
        Assert.All(checks.Values, status => Assert.Equal("Healthy", status));
    }
}
