using Messages.Streams;

namespace Cluster.Node.Streams;

/// <summary>The outcome of checking an <see cref="AppendEvents"/> command against a stream's state.</summary>
internal abstract record AppendDecision
{
    private AppendDecision()
    {
    }

    /// <summary>Store the batch at <paramref name="FirstSequence"/>..<paramref name="LastSequence"/>.</summary>
    public sealed record Accept(long FirstSequence, long LastSequence) : AppendDecision;

    /// <summary>Store nothing and answer with this reply.</summary>
    public sealed record Answer(IAppendReply Reply) : AppendDecision;
}

/// <summary>
/// Per-command decisions of a group, the accepted events in the order they are written, and the
/// state the stream has once they are stored (<paramref name="Projected"/>), which the entity adopts
/// after the commit instead of adding the ids a second time.
/// </summary>
/// <summary>A delete or truncation decided: the answer, and the lifecycle to write first (null: nothing changes).</summary>
internal sealed record LifecycleDecision(object Reply, StreamLifecycle? ToWrite);

internal sealed record GroupDecision(IReadOnlyList<AppendDecision> Decisions, IReadOnlyList<EventData> AcceptedEvents, StreamState Projected);
