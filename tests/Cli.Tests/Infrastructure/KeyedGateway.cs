namespace Cli.Tests.Infrastructure;

/// <summary>A gateway with API keys: a publish-only and a subscribe-only key on topic <c>sec</c>, and a root key (every right on <c>*</c>).</summary>
public sealed class KeyedGateway() : EvcGateway(Settings())
{
    public const string Publish = "evc-publish-key-for-sec-01";
    public const string Subscribe = "evc-subscribe-key-for-sec-1";
    public const string Root = "evc-root-key-every-topic-01";

    private static Dictionary<string, string> Settings()
    {
        var keys = new (string Key, string Topic, string[] Rights)[]
        {
            (Publish, "sec", ["publish"]),
            (Subscribe, "sec", ["subscribe"]),
            (Root, "*", ["publish", "subscribe", "admin"]),
        };
        var settings = new Dictionary<string, string>();
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Security__ApiKeys__{i}__Key"] = keys[i].Key;
            settings[$"Security__ApiKeys__{i}__Topics__0"] = keys[i].Topic;
            for (var r = 0; r < keys[i].Rights.Length; r++)
            {
                settings[$"Security__ApiKeys__{i}__Rights__{r}"] = keys[i].Rights[r];
            }
        }

        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class KeyedGatewayCollection : ICollectionFixture<KeyedGateway>
{
    public const string Name = "evc with API keys";
}
