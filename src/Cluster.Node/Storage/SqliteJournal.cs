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
        var synchronous = Enum.Parse<SqliteSynchronous>(journalConfig.GetString(SynchronousKey, nameof(SqliteSynchronous.Full)), ignoreCase: true);
        var checkpointInterval = journalConfig.GetTimeSpan(CheckpointIntervalKey, TimeSpan.Zero, allowInfinite: false);
        return SqliteRowInserter.Open(connectionString, SqlitePragmas.Statement(synchronous), table, writerUuid, checkpointInterval);
    }
}
