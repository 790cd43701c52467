namespace Messages.Streams;

/// <summary>
/// A stream entity's state at <see cref="Version"/>: the ids of its most recent events, oldest first,
/// the last one being the event at <see cref="Version"/>.
/// </summary>
public sealed record StreamSnapshot(long Version, IReadOnlyList<Guid> RecentEventIds) : IClusterMessage;
