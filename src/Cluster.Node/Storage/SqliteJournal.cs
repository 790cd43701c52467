using Akka.Configuration;

namespace Cluster.Node.Storage;

/// <summary>The journal of the embedded SQLite store: one connection with the pragmas, one prepared INSERT.</summary>
public sealed class SqliteJournal(Config journalConfig) : BatchingSqlJournal(journalConfig)
{
    /// <summary>HOCON key (in the journal's section) with the <see cref="SqliteSynchronous"/> level.</summary>
    public const string SynchronousKey = "sqlite-synchronous";

    protected override IJournalRowInserter OpenInserter(Config journalConfig, string connectionString, JournalTableNames table, string? writerUuid)
    {
        var synchronous = Enum.Parse<SqliteSynchronous>(journalConfig.GetString(SynchronousKey, nameof(SqliteSynchronous.Full)), ignoreCase: true);
        return SqliteRowInserter.Open(connectionString, SqlitePragmas.Statement(synchronous), table, writerUuid);
    }
}
