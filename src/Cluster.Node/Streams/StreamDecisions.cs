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

        if (!command.ExpectedVersion.IsSatisfiedBy(state.Version))
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
