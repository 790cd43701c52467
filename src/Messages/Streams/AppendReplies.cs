namespace Messages.Streams;

/// <summary>Every answer a stream entity gives to <see cref="AppendEvents"/>.</summary>
public interface IAppendReply : IClusterMessage
{
    string Stream { get; }
}

/// <summary>The batch was committed to the journal at these sequences.</summary>
public sealed record EventsAppended(string Stream, long FirstSequence, long LastSequence) : IAppendReply;

/// <summary>Every event id of the batch was already stored at these sequences; nothing new was stored.</summary>
public sealed record AppendDeduplicated(string Stream, long FirstSequence, long LastSequence) : IAppendReply;

/// <summary>The expected-version condition did not hold; nothing was stored.</summary>
public sealed record WrongExpectedVersion(string Stream, ExpectedVersion Expected, long CurrentVersion) : IAppendReply;

/// <summary>The batch conflicts with what is stored (e.g. it mixes stored and new event ids); nothing was stored.</summary>
public sealed record AppendRejected(string Stream, string Reason, long CurrentVersion) : IAppendReply;

/// <summary>The journal refused or failed the batch's write, which was rolled back; retrying with the same event ids is safe.</summary>
public sealed record AppendFailed(string Stream, string Reason) : IAppendReply;

/// <summary>The stream has too many appends waiting behind its current write; nothing was stored. Retry later.</summary>
public sealed record StreamOverloaded(string Stream, int QueuedAppends) : IAppendReply;
