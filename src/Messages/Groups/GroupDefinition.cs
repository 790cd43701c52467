namespace Messages.Groups;

/// <summary>Where a new consumer group starts reading its topic.</summary>
public enum GroupStart
{
    /// <summary>From the topic's first event.</summary>
    Earliest,

    /// <summary>After the topic's last event at the time the group is created.</summary>
    Latest,
}

/// <summary>How a consumer group hands out a topic's events.</summary>
public enum GroupOrdering
{
    /// <summary>One event of a stream out at a time, in stream order; different streams in parallel.</summary>
    Stream,

    /// <summary>No per-stream order: any waiting event goes to any member with room.</summary>
    None,
}

/// <summary>
/// The settings a consumer group is created with (<c>PUT /topics/{topic}/groups/{group}</c>); a
/// webhook (<c>PUT /topics/{topic}/webhooks/{name}</c>) is a group whose one member is the node
/// itself, POSTing each event to <paramref name="Webhook"/>.
/// </summary>
public sealed record GroupDefinition(GroupStart StartFrom, int AckTimeoutSeconds, int MaxDeliveries, GroupOrdering Ordering, WebhookTarget? Webhook = null);

/// <summary>Where a webhook POSTs events, the Standard Webhooks secret its POSTs are signed with, and how many POSTs it keeps outstanding.</summary>
public sealed record WebhookTarget(string Url, string Secret, int MaxInFlight, WebhookFormat Format = WebhookFormat.Event)
{
    /// <summary>Never prints the secret (records print every member by default).</summary>
    public override string ToString() => $"WebhookTarget {{ Url = {Url}, MaxInFlight = {MaxInFlight}, Format = {Format} }}";
}

/// <summary>The body of a webhook's POSTs: the event as read, or a structured-mode CloudEvent.</summary>
public enum WebhookFormat
{
    Event = 0,
    CloudEvents = 1,
}
