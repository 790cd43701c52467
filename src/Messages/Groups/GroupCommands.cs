using Akka.Actor;

namespace Messages.Groups;

/// <summary>A message addressed to one consumer group; topic and group name are its sharding key.</summary>
public interface IGroupCommand : IClusterMessage
{
    string Topic { get; }

    string Group { get; }
}

/// <summary>Create the group, or confirm it exists with these settings.</summary>
public sealed record CreateGroup(string Topic, string Group, GroupDefinition Definition) : IGroupCommand;

public sealed record GetGroupStatus(string Topic, string Group) : IGroupCommand;

public sealed record DeleteGroup(string Topic, string Group) : IGroupCommand;

/// <summary>A member connects: the group sends it <see cref="GroupDelivery"/> messages until it leaves or stops.</summary>
public sealed record JoinGroup(string Topic, string Group, IActorRef Member) : IGroupCommand;

public sealed record LeaveGroup(string Topic, string Group, IActorRef Member) : IGroupCommand;

/// <summary>Acknowledge (<paramref name="Ack"/> true) or give back (false) deliveries by id.</summary>
public sealed record SettleDeliveries(string Topic, string Group, IReadOnlyList<string> DeliveryIds, bool Ack) : IGroupCommand
{
    /// <summary>For a give-back: the events are not handed out again before this delay (a webhook's backoff).</summary>
    public TimeSpan RetryAfter { get; init; }
}

/// <summary>Hand the group's parked events out again (up to its read-ahead at a time).</summary>
public sealed record ReplayParked(string Topic, string Group) : IGroupCommand;
