using Cluster.Gateway.Tests.Infrastructure;
using Cluster.Tests.Shared;

namespace Cluster.Gateway.Tests.Security;

/// <summary>A gateway with API keys: one key per right on topic <c>sec</c>, a <c>*</c> key, a key of another topic and a prefix key.</summary>
public sealed class KeyedGateway : IAsyncLifetime
{
    public const string Publish = "publish-key-for-sec-0001";
    public const string Subscribe = "subscribe-key-for-sec-01";
    public const string Admin = "admin-key-for-sec-000001";
    public const string Root = "root-key-every-topic-0001";
    public const string Other = "key-for-topic-other-00001";
    public const string Prefix = "subscribe-key-for-se-prefix";

    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    public static IReadOnlyDictionary<string, string> Settings(int maxSubscriptions = 64)
    {
        var settings = ApiKeySettings.Of(
            (Publish, ["sec"], ["publish"]),
            (Subscribe, ["sec"], ["subscribe"]),
            (Admin, ["sec"], ["admin"]),
            (Root, ["*"], ["publish", "subscribe", "admin"]),
            (Other, ["other"], ["publish", "subscribe", "admin"]),
            (Prefix, ["se*"], ["subscribe"]));
        settings["Security__MaxSubscriptionsPerClient"] = maxSubscriptions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    public async Task InitializeAsync()
    {
        _gateway = await GatewayProcess.StartAsync(Settings());
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}
