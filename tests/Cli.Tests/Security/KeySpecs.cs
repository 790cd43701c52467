using Cli.Tests.Infrastructure;

namespace Cli.Tests.Security;

/// <summary>API keys: from --key or EVC_KEY, sent as a bearer token; refusals exit 4.</summary>
[Collection(KeyedGatewayCollection.Name)]
public sealed class KeySpecs(KeyedGateway gateway)
{
    private static Dictionary<string, string> Key(string key) => new() { ["EVC_KEY"] = key };

    [Fact]
    public async Task A_key_from_the_option_or_the_environment_is_sent_and_the_option_wins()
    {
        var stream = $"sec-{Guid.NewGuid():N}";

        var published = await gateway.RunAsync(["publish", stream, "--type", "A", "--key", KeyedGateway.Publish]);
        var read = await gateway.RunAsync(["read", stream, "--json"], environment: Key(KeyedGateway.Subscribe));
        var optionWins = await gateway.RunAsync(["info", stream, "--key", KeyedGateway.Subscribe, "--json"], environment: Key("not-a-key"));

        Assert.Equal(0, published.ExitCode);
        Assert.Equal("A", Assert.Single(read.JsonLines()).GetProperty("type").GetString());
        Assert.Equal(1, optionWins.Json().GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_missing_or_unknown_key_and_a_key_without_the_right_exit_4()
    {
        var stream = $"sec-{Guid.NewGuid():N}";

        var missing = await gateway.RunAsync(["publish", stream, "--type", "A"]);
        var unknown = await gateway.RunAsync(["read", stream], environment: Key("not-a-key"));
        var wrongRight = await gateway.RunAsync(["publish", stream, "--type", "A"], environment: Key(KeyedGateway.Subscribe));
        var notAdmin = await gateway.RunAsync(["cluster"], environment: Key(KeyedGateway.Publish));
        var root = await gateway.RunAsync(["cluster", "--json"], environment: Key(KeyedGateway.Root));

        Assert.Contains("401", missing.AssertFailed(4), StringComparison.Ordinal);
        Assert.Contains("401", unknown.AssertFailed(4), StringComparison.Ordinal);
        Assert.Contains("403", wrongRight.AssertFailed(4), StringComparison.Ordinal);
        Assert.Contains("403", notAdmin.AssertFailed(4), StringComparison.Ordinal);
        Assert.Equal("Up", root.Json().GetProperty("members")[0].GetProperty("status").GetString());
    }
}
