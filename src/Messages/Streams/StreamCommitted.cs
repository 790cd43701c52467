namespace Messages.Streams;

/// <summary>
/// Announced by a stream entity after each journal commit so live subscriptions wake at once
/// instead of waiting for a poll. Carries no events (subscribers read them from the journal), only
/// the type of each event committed, for the live topic statistics.
/// </summary>
public sealed record StreamCommitted(string Stream, string Topic, long LastSequence) : IClusterMessage
{
    /// <summary>The type of each event of this commit, in order: as many entries as events.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];
}

/// <summary>
/// The commits a node's announcer gathered while it was busy, published as one message: every
/// subscriber (live subscriptions, groups, topic statistics) handles a run of commits in one go
/// instead of one delivery per commit.
/// </summary>
public sealed record StreamsCommitted(IReadOnlyList<StreamCommitted> Commits) : IClusterMessage;
