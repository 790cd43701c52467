using Akka.Persistence.Sql.Config;

namespace Cluster.Node.Storage;

/// <summary>The journal table and column names of the plugin's configured table mapping.</summary>
public sealed class JournalTableNames(JournalTableConfig config)
{
    public string? Schema { get; } = config.SchemaName;

    public string Table { get; } = config.EventJournalTable.Name;

    public JournalTableColumnNames Columns { get; } = config.EventJournalTable.ColumnNames;

    /// <summary>Whether rows carry the writer's id (the default mapping's <c>writer_uuid</c> column).</summary>
    public bool HasWriterUuid { get; } = config.EventJournalTable.UseWriterUuidColumn;
}
