using Microsoft.Data.Sqlite;

namespace Cluster.Node.Storage;

/// <summary>
/// An open SQLite connection with the journal's INSERT prepared once: each row only binds its values
/// and steps the statement, instead of opening a pooled connection and building the SQL per write.
/// The transaction takes the write lock at once (BEGIN IMMEDIATE); SQLite's I/O is synchronous, so
/// the commit completes before this returns.
/// </summary>
public sealed class SqliteRowInserter : IJournalRowInserter
{
    // The snapshot store writes a handful of distinct statements; any beyond this are not kept.
    private const int MaxChangeCommands = 16;

    private readonly SqliteParameter _created;
    private readonly SqliteParameter _persistenceId;
    private readonly SqliteParameter _sequenceNr;
    private readonly SqliteParameter _message;
    private readonly SqliteParameter _tags;
    private readonly SqliteParameter _manifest;
    private readonly SqliteParameter _identifier;

    private readonly Dictionary<string, SqliteCommand> _changeCommands = new(StringComparer.Ordinal);

    private SqliteRowInserter(SqliteConnection connection, string insertSql, string? writerUuid)
    {
        Connection = connection;
        Command = connection.CreateCommand();
        Command.CommandText = insertSql;
        _created = Command.Parameters.Add("$created", SqliteType.Integer);
        _persistenceId = Command.Parameters.Add("$persistence_id", SqliteType.Text);
        _sequenceNr = Command.Parameters.Add("$sequence_number", SqliteType.Integer);
        _message = Command.Parameters.Add("$message", SqliteType.Blob);
        _tags = Command.Parameters.Add("$tags", SqliteType.Text);
        _manifest = Command.Parameters.Add("$manifest", SqliteType.Text);
        _identifier = Command.Parameters.Add("$identifier", SqliteType.Integer);
        Command.Parameters.Add("$writer_uuid", SqliteType.Text).Value = (object?)writerUuid ?? DBNull.Value;
    }

    private SqliteConnection Connection { get; }

    private SqliteCheckpointer? Checkpointer { get; set; }

    private SqliteCommand Command { get; }

    /// <param name="pragmas">Per-connection settings (<see cref="SqlitePragmas.Statement"/>).</param>
    /// <param name="checkpointInterval">See <see cref="SqliteCheckpointer"/>; zero: SQLite's automatic checkpoints only.</param>
    public static SqliteRowInserter Open(string connectionString, string pragmas, JournalTableNames table, string? writerUuid, TimeSpan checkpointInterval = default)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = pragmas;
                pragma.ExecuteNonQuery();
            }

            SqliteBusyWait.Install(connection);

            var insert = new SqliteRowInserter(connection, InsertSql(table), writerUuid);
            insert.Command.Prepare();
            insert.Checkpointer = checkpointInterval > TimeSpan.Zero ? new SqliteCheckpointer(connectionString, checkpointInterval) : null;
            return insert;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public Task CommitAsync(IReadOnlyList<JournalRowValues> rows, IReadOnlyList<SqlChange> changes)
    {
        using var transaction = Connection.BeginTransaction(deferred: false);
        Command.Transaction = transaction;
        foreach (var row in rows)
        {
            Execute(row);
        }

        foreach (var change in changes)
        {
            Execute(change, transaction);
        }

        transaction.Commit();
        Checkpointer?.Committed();
        return Task.CompletedTask;
    }

    private void Execute(in JournalRowValues row)
    {
        _created.Value = row.Created;
        _persistenceId.Value = row.PersistenceId;
        _sequenceNr.Value = row.SequenceNr;
        _message.Value = row.Message;
        _tags.Value = row.Tags;
        _manifest.Value = row.Manifest;
        _identifier.Value = row.Identifier;
        Command.ExecuteNonQuery();
    }

    // One command per SQL text: SQLite compiles a command's statement once and reuses it.
    private void Execute(SqlChange change, SqliteTransaction transaction)
    {
        var kept = _changeCommands.TryGetValue(change.Sql, out var found);
        var command = found ?? Connection.CreateCommand();
        if (!kept)
        {
            command.CommandText = change.Sql;
            kept = _changeCommands.Count < MaxChangeCommands;
            if (kept)
            {
                _changeCommands.Add(change.Sql, command);
            }
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in change.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        try
        {
            command.ExecuteNonQuery();
        }
        finally
        {
            if (!kept)
            {
                command.Dispose();
            }
        }
    }

    private static string InsertSql(JournalTableNames table)
    {
        var c = table.Columns;
        var (uuidColumn, uuidValue) = table.HasWriterUuid ? ($", [{c.WriterUuid}]", ", $writer_uuid") : ("", "");
        return $"INSERT INTO [{table.Table}] ([{c.Created}], [{c.Deleted}], [{c.PersistenceId}], [{c.SequenceNumber}], [{c.Message}], [{c.Tags}], [{c.Manifest}], [{c.Identifier}]{uuidColumn}) "
            + $"VALUES ($created, 0, $persistence_id, $sequence_number, $message, $tags, $manifest, $identifier{uuidValue})";
    }

    public void Dispose()
    {
        Checkpointer?.Dispose();
        foreach (var command in _changeCommands.Values)
        {
            command.Dispose();
        }

        Command.Dispose();
        Connection.Dispose();
    }
}
