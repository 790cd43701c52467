namespace Messages.Streams;

/// <summary>What <see cref="ChangeStreamLifecycle"/> does to a stream.</summary>
public enum LifecycleChange
{
    /// <summary>Every event so far stops being readable; a later append recreates the stream, numbering on.</summary>
    SoftDelete = 1,

    /// <summary>A tombstone: the stream can never be read or written again.</summary>
    HardDelete = 2,

    /// <summary>Events with a sequence below <see cref="ChangeStreamLifecycle.TruncateBefore"/> stop being readable.</summary>
    Truncate = 3,
}

/// <summary>Deletes or truncates a stream; its entity decides it in order with the appends around it.</summary>
public sealed record ChangeStreamLifecycle(string Stream, LifecycleChange Change, long TruncateBefore = 0) : IStreamCommand;

/// <summary>The change is durable: the stream's version (last sequence) and its first readable sequence now.</summary>
public sealed record StreamLifecycleChanged(string Stream, long Version, long ReadableFrom) : IClusterMessage;

/// <summary>The stream is tombstoned: nothing can be read from or written to it again.</summary>
public sealed record StreamGone(string Stream) : IAppendReply;

/// <summary>There is no such stream to delete or truncate (it never had an event).</summary>
public sealed record StreamNotFound(string Stream) : IClusterMessage;
