namespace Cluster.Node.Streams;

/// <summary>
/// What deletes and truncations left of a stream: events up to <see cref="DeletedVersion"/> were
/// soft-deleted (the stream counts as absent until a later append), events below
/// <see cref="ReadableFrom"/> are unreadable, and a tombstoned stream is gone for good. Sequences
/// go on regardless: a deleted stream's next event follows its old last one.
/// </summary>
public sealed record StreamLifecycle(long DeletedVersion, long ReadableFrom, bool Tombstoned)
{
    public static readonly StreamLifecycle None = new(0, 1, false);
}
