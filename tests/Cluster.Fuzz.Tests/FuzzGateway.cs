using System.Globalization;

namespace Cluster.Fuzz.Tests;

/// <summary>The gateway under fuzzing: API keys on (so authentication is fuzzed too), default limits.</summary>
public sealed class FuzzGateway : IAsyncLifetime
{
    public const string RootKey = "fuzz-root-key-0123456789";

    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
    {
        ["Security__ApiKeys__0__Key"] = RootKey,
        ["Security__ApiKeys__0__Topics__0"] = "*",
        ["Security__ApiKeys__0__Rights__0"] = "publish",
        ["Security__ApiKeys__0__Rights__1"] = "subscribe",
        ["Security__ApiKeys__0__Rights__2"] = "admin",
        ["Security__ApiKeys__1__Key"] = "fuzz-read-only-key-0123",
        ["Security__ApiKeys__1__Topics__0"] = "fz",
        ["Security__ApiKeys__1__Rights__0"] = "subscribe",
        ["Security__MaxSubscriptionsPerClient"] = 1000.ToString(CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}
