using Messages.Streams;

namespace Cluster.Node.Streams;

/// <summary>What a stream entity knows: its version (last sequence, 0 when empty) and its recent event ids.</summary>
internal sealed record StreamState(long Version, RecentEventIds RecentIds)
{
    public static StreamState Empty(int idempotencyWindow) => new(0, RecentEventIds.Empty(idempotencyWindow));

    public static StreamState FromSnapshot(StreamSnapshot snapshot, int idempotencyWindow) =>
        new(snapshot.Version, RecentEventIds.FromSnapshot(idempotencyWindow, snapshot.RecentEventIds, snapshot.Version));

    /// <summary>The state after one more stored event.</summary>
    public StreamState Apply(EventRecorded recorded) => Apply(recorded.EventId);

    /// <summary>The state after one more event with this id.</summary>
    public StreamState Apply(Guid eventId) => new(Version + 1, RecentIds.Add(eventId, Version + 1));

    public StreamSnapshot ToSnapshot() => new(Version, RecentIds.OldestFirst());
}
