using Akka.Configuration;

namespace Cluster.Node.Storage;

/// <summary>
/// The journal of the embedded SQLite store: one connection with the pragmas, one prepared INSERT.
/// Its writer also commits the snapshot store's writes (<see cref="SqliteSnapshotStore"/>) while it runs.
/// </summary>
public sealed class SqliteJournal(Config journalConfig) : BatchingSqlJournal(journalConfig)
{
    /// <summary>HOCON key (in the journal's section) with the <see cref="SqliteSynchronous"/> level.</summary>
    public const string SynchronousKey = "sqlite-synchronous";

    /// <summary>HOCON key (in the journal's section): how often the WAL is checkpointed off the commit path (<see cref="SqliteCheckpointer"/>); 0 leaves it to SQLite's automatic checkpoint.</summary>
    public const string CheckpointIntervalKey = "checkpoint-interval";

    /// <summary>
    /// HOCON key (in the journal's section), optional: the most memory the writer's connection
    /// keeps pages in (SQLite's <c>cache_size</c>). Unset, the writer keeps SQLite's default
    /// (2,000 KiB), as the plugin's other connections do.
    /// </summary>
    /// <remarks>
    /// Every append to a stream changes the last leaf of that stream's entries in the
    /// <c>(persistence_id, sequence_number)</c> index, so a commit of appends to many streams
    /// touches one index page per stream. With the default (about 500 pages) and 1,000 streams
    /// written in turn, those pages have left the cache before they are needed again and are read
    /// back from the file: one 4 KB read per event. A larger cache takes those reads away; what it
    /// cost and gained as a default is measured in docs/write-path.md.
    /// </remarks>
    public const string CacheSizeKey = "cache-size";

    /// <summary>The writer connection's pragmas: those of every journal connection, and its page cache if one is configured.</summary>
    public static string WriterPragmas(Config journalConfig)
    {
        var synchronous = Enum.Parse<SqliteSynchronous>(journalConfig.GetString(SynchronousKey, nameof(SqliteSynchronous.Full)), ignoreCase: true);
        var pragmas = SqlitePragmas.Statement(synchronous);
        if (journalConfig.GetByteSize(CacheSizeKey) is not { } cacheBytes)
        {
            return pragmas;
        }

        // A negative cache_size is a size in KiB rather than a number of pages.
        return pragmas + $" PRAGMA cache_size = -{Math.Max(1, cacheBytes / 1024)};";
    }

    protected override void PreStart()
    {
        base.PreStart();
        SqliteWriterRegistry.Get(Context.System).Register(ConnectionString, Writer);
    }

    protected override void PostStop()
    {
        SqliteWriterRegistry.Get(Context.System).Unregister(ConnectionString, Writer);
        base.PostStop();
    }

    protected override IJournalRowInserter OpenInserter(Config journalConfig, string connectionString, JournalTableNames table, string? writerUuid)
    {
        var checkpointInterval = journalConfig.GetTimeSpan(CheckpointIntervalKey, TimeSpan.Zero, allowInfinite: false);
        return SqliteRowInserter.Open(connectionString, WriterPragmas(journalConfig), table, writerUuid, checkpointInterval);
    }
}
