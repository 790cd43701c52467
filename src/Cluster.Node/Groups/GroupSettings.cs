namespace Cluster.Node.Groups;

/// <summary>How a consumer group hands out a topic's events.</summary>
public enum GroupOrdering
{
    /// <summary>One event of a stream out at a time, in stream order; different streams in parallel.</summary>
    Stream,

    /// <summary>No per-stream order: any waiting event goes to any member with room.</summary>
    None,
}

/// <summary>
/// A group's delivery rules. <see cref="ReadAhead"/> bounds the events the group holds (waiting plus
/// out with members), <see cref="MaxInFlightPerMember"/> what one member holds, so a slow member
/// or a slow stream never grows memory.
/// </summary>
public sealed record GroupSettings(
    TimeSpan AckTimeout,
    int MaxDeliveries,
    GroupOrdering Ordering,
    int MaxInFlightPerMember = 64,
    int ReadAhead = 1000);
