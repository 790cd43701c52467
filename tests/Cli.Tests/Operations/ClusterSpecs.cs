using Cli.Tests.Infrastructure;

namespace Cli.Tests.Operations;

/// <summary><c>evc cluster</c>: the one-node cluster of the all-in-one gateway.</summary>
[Collection(OpenGatewayCollection.Name)]
public sealed class ClusterSpecs(OpenGateway gateway)
{
    [Fact]
    public async Task Cluster_shows_the_gateway_itself_as_an_up_member_with_its_roles()
    {
        var cluster = (await gateway.RunAsync(["cluster", "--json"])).Json();
        var table = await gateway.RunAsync(["cluster"]);

        var self = cluster.GetProperty("self").GetString();
        var member = Assert.Single(cluster.GetProperty("members").EnumerateArray());
        Assert.Equal(self, member.GetProperty("address").GetString());
        Assert.Equal("Up", member.GetProperty("status").GetString());
        Assert.False(member.GetProperty("unreachable").GetBoolean());
        Assert.NotEqual(0, member.GetProperty("roles").GetArrayLength());
        Assert.Contains("(self)", table.Stdout, StringComparison.Ordinal);
    }
}
