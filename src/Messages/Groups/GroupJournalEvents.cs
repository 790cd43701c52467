namespace Messages.Groups;

/// <summary>Journal event: the group was created, reading its topic after <paramref name="StartCheckpoint"/>.</summary>
public sealed record GroupDefined(string Topic, string Group, GroupDefinition Definition, long StartCheckpoint) : IClusterMessage;

/// <summary>Journal event: every event of the topic at or below <paramref name="Checkpoint"/> is acknowledged or parked.</summary>
public sealed record GroupCheckpointed(long Checkpoint) : IClusterMessage;

/// <summary>
/// Journal event: the group gave up on an event after <paramref name="Deliveries"/> unacknowledged
/// deliveries; <paramref name="Again"/> when it was a parked event handed out again (not a new one).
/// </summary>
public sealed record GroupEventParked(string Stream, long Sequence, long Offset, int Deliveries, string Reason, bool Again = false) : IClusterMessage;

/// <summary>Journal event: the group was deleted; a group of the same name created later starts afresh.</summary>
public sealed record GroupDeleted(string Topic, string Group) : IClusterMessage;

/// <summary>Snapshot of a group's durable state, so recovery does not replay every checkpoint.</summary>
public sealed record GroupSnapshot(GroupDefined Defined, long Checkpoint, int Parked) : IClusterMessage;

/// <summary>Journal event: a parked event handed out again was acknowledged; it is no longer parked.</summary>
public sealed record GroupParkedResolved(long Offset) : IClusterMessage;
