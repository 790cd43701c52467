namespace Messages.Streams;

/// <summary>
/// Announced by a stream entity after each journal commit so live subscriptions wake at once
/// instead of waiting for a poll. Carries no events: subscribers read them from the journal.
/// </summary>
public sealed record StreamCommitted(string Stream, string Topic, long LastSequence) : IClusterMessage;
