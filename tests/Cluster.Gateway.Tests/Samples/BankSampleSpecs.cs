using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;

namespace Cluster.Gateway.Tests.Samples;

/// <summary>The worked example under samples/Bank runs as written against a real gateway and checks its own flow.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class BankSampleSpecs(SharedGateway fixture)
{
    [Fact]
    public async Task The_bank_sample_gets_a_statement_line_and_a_webhook_delivery_for_every_account_event()
    {
        var log = Path.Combine(fixture.Gateway.DataFolder, $"bank-{Guid.NewGuid():N}.log");
        using var sample = DotnetProcess.Start(
            DotnetProcess.BuiltProgram("Bank", "samples"),
            fixture.Gateway.DataFolder,
            new Dictionary<string, string>(),
            log,
            "--gateway",
            fixture.Gateway.BaseAddress.ToString());

        await Eventually.UntilAsync(() => sample.HasExited, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(200), () => $"The sample did not finish in 2 minutes:\n{sample.ReadLog()}");
        sample.WaitForExitAndOutput();
        var output = sample.ReadLog();
        Assert.True(sample.ExitCode == 0, $"The sample exited with {sample.ExitCode}:\n{output}");
        Assert.Matches(@"(\d+) account events; \1 statement lines; \1 webhook deliveries", output);
        Assert.Contains("LARGE WITHDRAWAL", output, StringComparison.Ordinal);
    }
}
