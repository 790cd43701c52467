using Cluster.Tests.Shared;

namespace Cluster.Gateway.Tests.Webhooks;

/// <summary>A gateway whose webhook backoff is short (200 ms doubling up to 1 s), so retries are seen within a spec.</summary>
public sealed class FastRetryGateway : IAsyncLifetime
{
    public static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);

    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Webhooks__MinBackoff"] = MinBackoff.ToString(),
        ["Webhooks__MaxBackoff"] = TimeSpan.FromSeconds(1).ToString(),
    };

    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(Settings);

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}

/// <summary>The specs that share one <see cref="FastRetryGateway"/>, one after another.</summary>
[CollectionDefinition(Name)]
public sealed class FastRetryGatewayCollection : ICollectionFixture<FastRetryGateway>
{
    public const string Name = "fast-retry gateway";
}
