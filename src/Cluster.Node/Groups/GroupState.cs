using Messages.Groups;

namespace Cluster.Node.Groups;

/// <summary>What a <c>PUT</c> of a group's settings does, given the group's current state.</summary>
internal enum GroupCreation
{
    /// <summary>No such group: create it (201).</summary>
    Create,

    /// <summary>The group exists with exactly these settings: nothing to do (200).</summary>
    AlreadyExists,

    /// <summary>The group exists with other settings (409).</summary>
    Conflict,
}

/// <summary>
/// The durable part of a consumer group, rebuilt from its journal events: its definition, its
/// checkpoint and how many events it parked. Deliveries in flight are not durable: after a restart
/// the group reads again after its checkpoint (at-least-once).
/// </summary>
internal sealed record GroupState(GroupDefined? Defined, long Checkpoint, int Parked)
{
    public static readonly GroupState None = new(null, 0, 0);

    public bool Exists => Defined is not null;

    /// <summary>A snapshot of this state; only for an existing group.</summary>
    public GroupSnapshot ToSnapshot() =>
        new(Defined ?? throw new InvalidOperationException("A group that does not exist has no snapshot."), Checkpoint, Parked);

    public GroupCreation Decide(GroupDefinition requested) =>
        Defined is null ? GroupCreation.Create
        : Defined.Definition == requested ? GroupCreation.AlreadyExists
        : GroupCreation.Conflict;

    /// <summary>The answer to a create that writes nothing (the same group exists, or another one), else null.</summary>
    public object? AnswerWithoutWriting(GroupDefinition requested) => Decide(requested) switch
    {
        GroupCreation.AlreadyExists => new GroupCreated(false),
        GroupCreation.Conflict => new GroupSettingsConflict(Defined!.Definition),
        _ => null,
    };

    public GroupState Apply(object journalEvent) => journalEvent switch
    {
        GroupDefined defined => new GroupState(defined, defined.StartCheckpoint, 0),
        GroupCheckpointed checkpointed => this with { Checkpoint = Math.Max(Checkpoint, checkpointed.Checkpoint) },
        GroupEventParked parked => parked.Again ? this : this with { Parked = Parked + 1 },
        GroupParkedResolved => this with { Parked = Math.Max(0, Parked - 1) },
        GroupDeleted => None,
        GroupSnapshot snapshot => new GroupState(snapshot.Defined, snapshot.Checkpoint, snapshot.Parked),
        _ => this,
    };
}
