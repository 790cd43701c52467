namespace Cluster.Gateway.Tests.Infrastructure;

/// <summary>One default-configured gateway shared by the specs of the "gateway" collection.</summary>
public sealed class SharedGateway : IAsyncLifetime
{
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    public HttpClient Client => Gateway.Client;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedGatewayCollection : ICollectionFixture<SharedGateway>
{
    public const string Name = "gateway";
}
