using Messages.Groups;

namespace Cluster.Node.Groups;

/// <summary>
/// A group's delivery rules. <see cref="ReadAhead"/> bounds the events the group holds (waiting plus
/// out with members), <see cref="MaxInFlightPerMember"/> what one member holds, so a slow member
/// or a slow stream never grows memory.
/// </summary>
internal sealed record GroupSettings(
    TimeSpan AckTimeout,
    int MaxDeliveries,
    GroupOrdering Ordering,
    int MaxInFlightPerMember = 64,
    int ReadAhead = 1000,
    long ReadAheadBytes = 32L * 1024 * 1024)
{
    /// <summary>
    /// A webhook's POST has the definition's timeout; its delivery only counts as lost (the
    /// dispatcher stopped) this much later, so a POST that timed out is always given back first.
    /// </summary>
    public static readonly TimeSpan WebhookAckMargin = TimeSpan.FromSeconds(5);

    public static GroupSettings From(GroupDefinition definition, GroupEntitySettings entity) =>
        new(
            TimeSpan.FromSeconds(definition.AckTimeoutSeconds) + (definition.Webhook is null ? TimeSpan.Zero : WebhookAckMargin),
            definition.MaxDeliveries,
            definition.Ordering,
            entity.MaxInFlightPerMember,
            entity.ReadAhead,
            entity.ReadAheadBytes);
}
