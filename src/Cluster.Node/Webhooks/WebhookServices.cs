namespace Cluster.Node.Webhooks;

/// <summary>What a webhook entity needs beyond a consumer group's: the node's sender and the backoff settings.</summary>
public sealed record WebhookServices(WebhookSender Sender, WebhookOptions Options);
