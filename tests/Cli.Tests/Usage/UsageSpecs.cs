using Cli.Tests.Infrastructure;

namespace Cli.Tests.Usage;

/// <summary>Help, usage errors and an unreachable gateway: what a script sees without a working call.</summary>
[Collection(OpenGatewayCollection.Name)]
public sealed class UsageSpecs(OpenGateway gateway)
{
    [Fact]
    public async Task Help_lists_every_command_the_exit_codes_and_the_environment()
    {
        var help = await gateway.RunAsync(["--help"]);
        var groupHelp = await gateway.RunAsync(["group", "--help"]);

        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "publish", "read", "tail", "info", "topics", "stats", "group", "webhook", "cluster", "bench", "EXIT CODES", "EVC_SERVER", "EVC_KEY" })
        {
            Assert.Contains(command, help.Stdout, StringComparison.Ordinal);
        }

        foreach (var code in new[] { "0", "1", "2", "3", "4", "5", "130" })
        {
            Assert.Matches($@"(?m)^\s+{code}\s+\S", help.Stdout);
        }

        foreach (var command in new[] { "create", "status", "tail", "ack", "parked", "replay" })
        {
            Assert.Contains(command, groupHelp.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_options_missing_arguments_and_bad_values_exit_1()
    {
        (await gateway.RunAsync(["read", "acct-1", "--bogus"])).AssertFailed(1);
        (await gateway.RunAsync(["read"])).AssertFailed(1);
        (await gateway.RunAsync(["publish", "acct-1", "--type", "A", "--expected-version", "soon"])).AssertFailed(1);
        (await gateway.RunAsync(["no-such-command"])).AssertFailed(1);
    }

    [Fact]
    public async Task An_unreachable_gateway_exits_5_and_server_overrides_the_environment()
    {
        var nowhere = $"http://127.0.0.1:{DotnetProcess.FreePort()}";

        var unreachable = await gateway.RunAsync(["topics", "--server", nowhere]);
        var overridden = await gateway.RunAsync(["topics", "--server", gateway.Server, "--json"], environment: new Dictionary<string, string> { ["EVC_SERVER"] = nowhere });

        Assert.Contains("cannot reach", unreachable.AssertFailed(5), StringComparison.Ordinal);
        Assert.Equal(0, overridden.ExitCode);
    }
}
