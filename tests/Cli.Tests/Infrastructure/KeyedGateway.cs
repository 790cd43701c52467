using Cluster.Tests.Shared;

namespace Cli.Tests.Infrastructure;

/// <summary>A gateway with API keys: a publish-only and a subscribe-only key on topic <c>sec</c>, and a root key (every right on <c>*</c>).</summary>
public sealed class KeyedGateway() : EvcGateway(Settings())
{
    public const string Publish = "evc-publish-key-for-sec-01";
    public const string Subscribe = "evc-subscribe-key-for-sec-1";
    public const string Root = "evc-root-key-every-topic-01";

    private static Dictionary<string, string> Settings() => ApiKeySettings.Of(
        (Publish, ["sec"], ["publish"]),
        (Subscribe, ["sec"], ["subscribe"]),
        (Root, ["*"], ["publish", "subscribe", "admin"]));
}

[CollectionDefinition(Name)]
public sealed class KeyedGatewayCollection : ICollectionFixture<KeyedGateway>
{
    public const string Name = "evc with API keys";
}
