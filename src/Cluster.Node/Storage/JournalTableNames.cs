using Akka.Persistence.Sql.Config;

namespace Cluster.Node.Storage;

/// <summary>The journal table and column names of the plugin's configured table mapping, as one INSERT.</summary>
public sealed class JournalTableNames(EventJournalTableConfig table)
{
    public string InsertSql { get; } = BuildInsert(table);

    private static string BuildInsert(EventJournalTableConfig table)
    {
        var c = table.ColumnNames;
        var (uuidColumn, uuidValue) = table.UseWriterUuidColumn ? ($", [{c.WriterUuid}]", ", $writer_uuid") : ("", "");
        return $"INSERT INTO [{table.Name}] ([{c.Created}], [{c.Deleted}], [{c.PersistenceId}], [{c.SequenceNumber}], [{c.Message}], [{c.Tags}], [{c.Manifest}], [{c.Identifier}]{uuidColumn}) "
            + $"VALUES ($created, 0, $persistence_id, $sequence_number, $message, $tags, $manifest, $identifier{uuidValue})";
    }
}
