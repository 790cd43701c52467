using Messages.Streams;

namespace Messages.Groups;

/// <summary>Answer to <see cref="CreateGroup"/>: created now (201) or already there with the same settings (200).</summary>
public sealed record GroupCreated(bool Created) : IClusterMessage;

/// <summary>Answer to <see cref="CreateGroup"/>: the group exists with other settings (409).</summary>
public sealed record GroupSettingsConflict(GroupDefinition Existing) : IClusterMessage;

public sealed record GroupNotFound(string Topic, string Group) : IClusterMessage;

public sealed record GroupRemoved(string Topic, string Group) : IClusterMessage;

/// <summary>Answer to <see cref="JoinGroup"/>: the member may hold up to <paramref name="MaxInFlight"/> deliveries.</summary>
public sealed record GroupJoined(int MaxInFlight) : IClusterMessage;

/// <summary><c>GET /topics/{topic}/groups/{group}</c>; <paramref name="Node"/> is the address of the member hosting the group.</summary>
public sealed record GroupStatus(long Checkpoint, long Lag, int InFlight, int Parked, int Members, string Node) : IClusterMessage;

/// <summary>Answer to <see cref="SettleDeliveries"/>: ids no longer out (settled already, or an older attempt) are listed.</summary>
public sealed record DeliveriesSettled(int Accepted, IReadOnlyList<string> Unknown) : IClusterMessage;

/// <summary>An event handed to a member; <paramref name="DeliveryId"/> is what it acks or nacks.</summary>
public sealed record GroupDelivery(string DeliveryId, int Attempt, string Stream, long Sequence, long Offset, EventRecorded Event) : IClusterMessage;

/// <summary>
/// Published by every running group and webhook every few seconds over DistributedPubSub, so
/// gateways can list them all (the dashboard); <paramref name="Removed"/> when it was deleted.
/// </summary>
public sealed record GroupStatusAnnounced(string Kind, string Topic, string Name, long Lag, int InFlight, int Parked, int Members, string Node, bool Removed) : IClusterMessage;

/// <summary>Answer to <see cref="ReplayParked"/>: how many parked events are handed out again.</summary>
public sealed record ParkedReplayed(int Count) : IClusterMessage;
