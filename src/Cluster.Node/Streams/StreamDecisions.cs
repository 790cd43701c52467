using Messages.Streams;

namespace Cluster.Node.Streams;

/// <summary>
/// The stream entity's rules as pure functions: idempotency first (a retry of a stored batch succeeds
/// whatever its expected version said), then the expected-version check.
/// </summary>
internal static class StreamDecisions
{
    public static AppendDecision Decide(StreamState state, AppendEvents command)
    {
        var events = command.Events;
        if (state.Lifecycle.Tombstoned)
        {
            return new AppendDecision.Answer(new StreamGone(command.Stream));
        }

        if (events.Count == 0)
        {
            return Reject(command, state, "A batch needs at least one event.");
        }

        // A single event cannot repeat an id within its batch: no set for the common case.
        var seen = events.Count > 1 ? new HashSet<Guid>() : null;
        var stored = 0;
        foreach (var e in events)
        {
            if (seen is not null && !seen.Add(e.EventId))
            {
                return Reject(command, state, $"Event id {e.EventId} appears twice in the batch.");
            }

            if (state.RecentIds.TryGetSequence(e.EventId, out _))
            {
                stored++;
            }
        }

        if (stored == events.Count)
        {
            return IsStoredContiguously(state, events, out var first)
                ? new AppendDecision.Answer(new AppendDeduplicated(command.Stream, first, first + events.Count - 1))
                : Reject(command, state, "Every event id of the batch is already stored, but not in this order at contiguous positions.");
        }

        if (stored > 0)
        {
            return Reject(command, state, $"The batch mixes {stored} already stored event id(s) with {events.Count - stored} new one(s).");
        }

        if (!Holds(command.ExpectedVersion, state))
        {
            return new AppendDecision.Answer(new WrongExpectedVersion(command.Stream, command.ExpectedVersion, state.Version));
        }

        return new AppendDecision.Accept(state.Version + 1, state.Version + events.Count);
    }

    /// <summary>
    /// Decides a group of commands written together, in arrival order: each is checked against the
    /// state as if the events accepted before it in the group were already stored, which is what
    /// they will be once the group's single write commits.
    /// </summary>
    public static GroupDecision DecideGroup(StreamState state, IReadOnlyList<AppendEvents> commands)
    {
        var decisions = new AppendDecision[commands.Count];
        var accepted = new List<EventData>();
        var projected = state;
        for (var i = 0; i < commands.Count; i++)
        {
            decisions[i] = Decide(projected, commands[i]);
            if (decisions[i] is AppendDecision.Accept)
            {
                foreach (var e in commands[i].Events)
                {
                    accepted.Add(e);
                    projected = projected.Apply(e.EventId);
                }
            }
        }

        return new GroupDecision(decisions, accepted, projected);
    }

    /// <summary>
    /// A delete or truncation: the lifecycle to write, if anything changes, and the answer once it
    /// is written. A stream that never had an event cannot be deleted softly or truncated, but its
    /// name can be tombstoned; deleting a deleted stream again changes nothing and succeeds.
    /// </summary>
    public static LifecycleDecision DecideLifecycle(StreamState state, ChangeStreamLifecycle command)
    {
        var current = state.Lifecycle;
        if (current.Tombstoned)
        {
            return new LifecycleDecision(new StreamGone(command.Stream), null);
        }

        if (state.Version == 0 && command.Change != LifecycleChange.HardDelete)
        {
            return new LifecycleDecision(new StreamNotFound(command.Stream), null);
        }

        var next = command.Change switch
        {
            LifecycleChange.SoftDelete => current with { DeletedVersion = state.Version, ReadableFrom = state.Version + 1 },
            LifecycleChange.HardDelete => new StreamLifecycle(state.Version, state.Version + 1, Tombstoned: true),

            // Truncating past the end hides everything there is, not events yet to come.
            _ => current with { ReadableFrom = Math.Max(current.ReadableFrom, Math.Min(command.TruncateBefore, state.Version + 1)) },
        };
        return new LifecycleDecision(new StreamLifecycleChanged(command.Stream, state.Version, next.ReadableFrom), next == current ? null : next);
    }

    /// <summary>Expected versions against a stream that may have been deleted: "none" holds again after a soft delete; a number is always the last sequence.</summary>
    private static bool Holds(ExpectedVersion expected, StreamState state) =>
        expected == ExpectedVersion.NoStream ? !state.Exists
        : expected == ExpectedVersion.StreamExists ? state.Exists
        : expected.IsSatisfiedBy(state.Version);

    private static bool IsStoredContiguously(StreamState state, IReadOnlyList<EventData> events, out long first)
    {
        state.RecentIds.TryGetSequence(events[0].EventId, out first);
        for (var i = 1; i < events.Count; i++)
        {
            state.RecentIds.TryGetSequence(events[i].EventId, out var sequence);
            if (sequence != first + i)
            {
                return false;
            }
        }

        return true;
    }

    private static AppendDecision.Answer Reject(AppendEvents command, StreamState state, string reason) =>
        new(new AppendRejected(command.Stream, reason, state.Version));
}
