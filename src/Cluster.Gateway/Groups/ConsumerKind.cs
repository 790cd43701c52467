using Cluster.Gateway.Http;
using Cluster.Node.Groups;

namespace Cluster.Gateway.Groups;

/// <summary>What shares the group endpoints' code: consumer groups and webhooks (a group with a node-side member).</summary>
public sealed record ConsumerKind(string Noun, Func<string, string, string> PersistenceIdOf)
{
    public static readonly ConsumerKind Group = new("consumer group", GroupNames.PersistenceIdOf);

    public static readonly ConsumerKind Webhook = new("webhook", GroupNames.WebhookPersistenceIdOf);

    public IResult NotFound(string topic, string name) => Problems.NotFound($"Topic {topic} has no {Noun} {name}.");
}
