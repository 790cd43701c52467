using Akka.Configuration;

namespace Cluster.Node.Streams;

/// <summary>Tunables of a stream entity, read from <c>event-cluster.streams</c> (hocon/streams.conf).</summary>
public sealed record StreamEntitySettings(int IdempotencyWindow, int SnapshotEvery, int MaxQueuedAppends = 1000, int MaxGroupEvents = 2000)
{
    public const string ConfigPath = "event-cluster.streams";

    /// <summary>Estimated memory the node's live stream entities may hold (<see cref="ActiveStreams"/>).</summary>
    public long EntityMemoryBudget { get; init; } = 128L * 1024 * 1024;

    /// <summary>How often the node compares its live stream entities with <see cref="EntityMemoryBudget"/>.</summary>
    public TimeSpan EntityMemoryCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    public static StreamEntitySettings From(Config config)
    {
        var section = config.GetConfig(ConfigPath)
            ?? throw new ConfigurationException($"Missing configuration section {ConfigPath}.");
        var settings = new StreamEntitySettings(
            section.GetInt("idempotency-window"),
            section.GetInt("snapshot-every"),
            section.GetInt("max-queued-appends", 1000),
            section.GetInt("max-group-events", 2000))
        {
            EntityMemoryBudget = section.GetByteSize("entity-memory-budget") ?? 0,
            EntityMemoryCheckInterval = section.GetTimeSpan("entity-memory-check-interval"),
        };
        if (settings.IdempotencyWindow < 1 || settings.SnapshotEvery < 1 || settings.MaxQueuedAppends < 0 || settings.MaxGroupEvents < 1
            || settings.EntityMemoryBudget < 1 || settings.EntityMemoryCheckInterval <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"{ConfigPath}: idempotency-window, snapshot-every, max-group-events, entity-memory-budget and entity-memory-check-interval must be positive, max-queued-appends not negative.");
        }

        return settings;
    }

    /// <summary>
    /// Events between two snapshots of <paramref name="stream"/>: <see cref="SnapshotEvery"/> plus up to
    /// a quarter more, fixed per stream while the process runs (the string hash is seeded per process;
    /// after a restart a stream may draw another threshold in the same range). Streams that grow at
    /// the same pace (a producer writing round the same set of streams) would otherwise all reach the
    /// threshold together: 100 streams at 50
    /// events/s each saved 100 snapshots and removed 100 older ones in the same moment every 20 s,
    /// 200 commits that each held SQLite's write lock for an fsync while the journal's writer waited,
    /// the 30-60 ms waits behind the stalls of publish → SSE at 5,000 events/s (docs/write-path.md).
    /// </summary>
    public int SnapshotEveryFor(string stream)
    {
        var spread = SnapshotEvery / 4;
        return spread == 0 ? SnapshotEvery : SnapshotEvery + (int)((uint)StringComparer.Ordinal.GetHashCode(stream) % (uint)spread);
    }
}
