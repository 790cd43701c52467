using Akka.Configuration;

namespace Cluster.Node.Storage;

/// <summary>The journal on PostgreSQL: one connection per node, one prepared INSERT of all waiting rows.</summary>
public sealed class PostgresJournal(Config journalConfig) : BatchingSqlJournal(journalConfig)
{
    protected override IJournalRowInserter OpenInserter(Config journalConfig, string connectionString, JournalTableNames table, string? writerUuid) =>
        PostgresRowInserter.Open(connectionString, table, writerUuid);
}
