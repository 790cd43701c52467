using Cluster.Gateway.Groups;
using Cluster.Gateway.OpenApi;
using Messages.Groups;

namespace Cluster.Gateway.Webhooks;

/// <summary>A webhook's definition: <see cref="WebhookRequests.ParseDefinition"/> in, <see cref="WebhookDescription"/> out.</summary>
internal sealed class WebhookDefinitionFormat : IDefinitionFormat
{
    public ParsedDefinition Parse(ReadOnlyMemory<byte> body) => WebhookRequests.ParseDefinition(body);

    /// <summary>The webhook as created; the secret only once, in the answer that created it with a secret made here.</summary>
    public object Describe(string topic, string name, GroupDefinition definition, bool justCreated, ParsedDefinition requested)
    {
        var hook = definition.Webhook!;
        var secret = justCreated && requested.SecretGenerated ? hook.Secret : null;
        var format = hook.Format == WebhookFormat.CloudEvents ? "cloudevents" : "event";
        return new WebhookDescription(topic, name, hook.Url, hook.MaxInFlight, definition.MaxDeliveries, definition.AckTimeoutSeconds, DefinitionBody.NameOf(definition.StartFrom), "stream", format, secret);
    }

    public string Conflict(string topic, string name, GroupDefinition existing) =>
        $"Webhook {name} of topic {topic} exists with other settings; delete it first to change them.";

    /// <summary>Sent again without a secret: the same webhook if all else matches (its secret is not shown again).</summary>
    public bool SameAs(GroupDefinition existing, ParsedDefinition requested) =>
        requested.SecretGenerated
        && existing.Webhook is { } hook
        && existing with { Webhook = hook with { Secret = requested.Definition!.Webhook!.Secret } } == requested.Definition;
}
