using Cluster.Node.Reads;

namespace Cluster.Node.Groups;

/// <summary>One hand-out of an event to a member. The id names this attempt: acks of older attempts are ignored.</summary>
internal sealed record Delivery(string Id, string Member, StoredEvent Event, int Attempt)
{
    /// <summary>When the delivery counts as failed if not acknowledged.</summary>
    public DateTimeOffset DueAt { get; init; }

    public static string IdOf(long offset, int attempt) => $"{offset}.{attempt}";
}

/// <summary>An event given up on after <see cref="GroupSettings.MaxDeliveries"/> unacknowledged deliveries.</summary>
internal sealed record ParkedEvent(StoredEvent Event, int Deliveries, string Reason, bool Again = false);
