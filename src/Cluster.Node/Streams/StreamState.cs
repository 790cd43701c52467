using Messages.Streams;

namespace Cluster.Node.Streams;

/// <summary>What a stream entity knows: its version (last sequence, 0 when empty), its recent event ids and what deletes left of it.</summary>
internal sealed record StreamState(long Version, RecentEventIds RecentIds)
{
    public StreamLifecycle Lifecycle { get; init; } = StreamLifecycle.None;

    /// <summary>It has events appended since its last soft delete (a truncated stream still exists).</summary>
    public bool Exists => Version > Lifecycle.DeletedVersion;

    public static StreamState Empty(int idempotencyWindow) => new(0, RecentEventIds.Empty(idempotencyWindow));

    public static StreamState FromSnapshot(StreamSnapshot snapshot, int idempotencyWindow) =>
        new(snapshot.Version, RecentEventIds.FromSnapshot(idempotencyWindow, snapshot.RecentEventIds, snapshot.Version));

    /// <summary>The state after one more stored event.</summary>
    public StreamState Apply(EventRecorded recorded) => Apply(recorded.EventId);

    /// <summary>The state after one more event with this id.</summary>
    public StreamState Apply(Guid eventId) => ApplyAt(eventId, Version + 1);

    /// <summary>The state after the event with this id stored at <paramref name="sequence"/> (recovery: a scavenge may have removed the events before it).</summary>
    public StreamState ApplyAt(Guid eventId, long sequence) => this with { Version = sequence, RecentIds = RecentIds.Add(eventId, sequence) };

    public StreamSnapshot ToSnapshot() => new(Version, RecentIds.OldestFirst());
}
