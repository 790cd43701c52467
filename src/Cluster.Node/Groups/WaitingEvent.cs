using Cluster.Node.Reads;

namespace Cluster.Node.Groups;

/// <summary>An event of a <see cref="GroupLedger"/> that waits for a member, after <see cref="Deliveries"/> earlier attempts.</summary>
internal sealed record WaitingEvent(StoredEvent Event, int Deliveries)
{
    /// <summary>Not handed out before this time (a nack with a retry delay).</summary>
    public DateTimeOffset NotBefore { get; init; } = DateTimeOffset.MinValue;
}
