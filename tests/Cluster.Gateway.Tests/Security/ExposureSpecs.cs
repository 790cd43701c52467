using System.Net;
using System.Net.Http.Headers;
using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;

namespace Cluster.Gateway.Tests.Security;

/// <summary>Without keys only loopback; per-client subscription cap; keys never reach the log.</summary>
public sealed class ExposureSpecs
{
    private static readonly TimeSpan Patience = 2 * SpecTimes.Patience; // slower by design: a process or a cluster starting

    [Theory]
    [InlineData("--urls", "http://0.0.0.0:{port}")]
    [InlineData("--urls", "http://127.0.0.1:{port};http://*:{other}")]
    public async Task Without_api_keys_the_gateway_refuses_a_non_loopback_address_and_says_why(string option, string value)
    {
        var folder = Directory.CreateTempSubdirectory("gateway-exposure-");
        try
        {
            var log = Path.Combine(folder.FullName, "gateway.log");
            using var process = DotnetProcess.Start(
                DotnetProcess.BuiltProgram("Cluster.Gateway"),
                folder.FullName,
                new Dictionary<string, string> { ["Storage__ConnectionString"] = $"Data Source={Path.Combine(folder.FullName, "events.db")}" },
                log,
                option,
                value.Replace("{port}", DotnetProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{other}", DotnetProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            await Eventually.UntilAsync(() => process.HasExited, Patience, TimeSpan.FromMilliseconds(100), () => "The gateway kept running on 0.0.0.0 without API keys.");

            process.WaitForExitAndOutput();
            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains("only binds loopback addresses", process.ReadLog(), StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_client_over_its_subscription_cap_gets_429_until_it_closes_one_and_keys_never_reach_the_log()
    {
        await using var gateway = await GatewayProcess.StartAsync(KeyedGateway.Settings(maxSubscriptions: 2));
        var client = gateway.Client;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KeyedGateway.Root);

        var first = await SseClient.ConnectAsync(client, "/topics/sec/subscribe");
        await using var second = await SseClient.ConnectAsync(client, "/streams/sec-1/subscribe");
        using (var third = await client.GetAsync("/topics/sec/subscribe", HttpCompletionOption.ResponseHeadersRead))
        {
            await Api.AssertProblemAsync(third, HttpStatusCode.TooManyRequests);
            Assert.Equal("1", third.Headers.GetValues("Retry-After").Single());
        }

        // Another key is another client.
        using (var other = new HttpRequestMessage(HttpMethod.Get, "/topics/sec/subscribe"))
        {
            other.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KeyedGateway.Subscribe);
            using var response = await client.SendAsync(other, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await first.DisposeAsync();
        await Eventually.UntilAsync(
            async () =>
            {
                using var again = await client.GetAsync("/topics/sec/subscribe", HttpCompletionOption.ResponseHeadersRead);
                return again.StatusCode == HttpStatusCode.OK;
            },
            Patience,
            TimeSpan.FromMilliseconds(100),
            () => "The closed subscription was never released.");

        (await client.GetAsync("/topics/nothing-here-401")).Dispose();
        var log = gateway.ReadLog();
        foreach (var key in new[] { KeyedGateway.Root, KeyedGateway.Subscribe, KeyedGateway.Publish, KeyedGateway.Admin })
        {
            Assert.DoesNotContain(key, log, StringComparison.Ordinal);
        }
    }
}
