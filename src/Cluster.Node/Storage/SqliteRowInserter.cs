using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cluster.Node.Storage;

/// <summary>
/// An open SQLite connection with the journal's INSERT prepared once: each row only binds its values
/// and steps the statement, instead of opening a pooled connection and building the SQL per write.
/// The transaction takes the write lock at once (BEGIN IMMEDIATE); SQLite's I/O is synchronous, so
/// the commit completes before this returns.
/// </summary>
/// <remarks>
/// The INSERT is bound and stepped through SQLitePCLRaw, the layer under Microsoft.Data.Sqlite,
/// because this one statement runs once per stored event on the journal's only writer thread.
/// Through <see cref="SqliteCommand"/> each row boxed its numbers and allocated a binder per
/// parameter and a statement enumerator, about 1.1 KB per event (the largest single item of the
/// write path's allocation profile, docs/benchmarks.md); bound directly it allocates nothing.
/// </remarks>
public sealed class SqliteRowInserter : IJournalRowInserter
{
    // The snapshot store writes a handful of distinct statements; any beyond this are not kept.
    private const int MaxChangeCommands = 16;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _insert;
    private readonly int _created;
    private readonly int _persistenceId;
    private readonly int _sequenceNr;
    private readonly int _message;
    private readonly int _tags;
    private readonly int _manifest;
    private readonly int _identifier;

    private readonly Dictionary<string, SqliteCommand> _changeCommands = new(StringComparer.Ordinal);

    private SqliteRowInserter(SqliteConnection connection, string insertSql, string? writerUuid)
    {
        Connection = connection;
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, insertSql, out _insert));
        _created = Parameter("$created");
        _persistenceId = Parameter("$persistence_id");
        _sequenceNr = Parameter("$sequence_number");
        _message = Parameter("$message");
        _tags = Parameter("$tags");
        _manifest = Parameter("$manifest");
        _identifier = Parameter("$identifier");
        if (raw.sqlite3_bind_parameter_index(_insert, "$writer_uuid") is var uuid and > 0)
        {
            // Bindings outlive sqlite3_reset: set once.
            Check(writerUuid is null ? raw.sqlite3_bind_null(_insert, uuid) : raw.sqlite3_bind_text16(_insert, uuid, writerUuid));
        }
    }

    private SqliteConnection Connection { get; }

    private SqliteCheckpointer? Checkpointer { get; set; }

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
        Check(raw.sqlite3_bind_int64(_insert, _created, row.Created));
        Check(raw.sqlite3_bind_text16(_insert, _persistenceId, row.PersistenceId));
        Check(raw.sqlite3_bind_int64(_insert, _sequenceNr, row.SequenceNr));
        Check(raw.sqlite3_bind_blob(_insert, _message, row.Message));
        Check(raw.sqlite3_bind_text16(_insert, _tags, row.Tags)); // an empty value binds empty, not NULL (SQLitePCLRaw passes a non-null pointer)
        Check(raw.sqlite3_bind_text16(_insert, _manifest, row.Manifest));
        Check(raw.sqlite3_bind_int(_insert, _identifier, row.Identifier));
        try
        {
            var stepped = raw.sqlite3_step(_insert);
            if (stepped != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(stepped, _db); // with the step's message, before the reset
            }
        }
        finally
        {
            raw.sqlite3_reset(_insert); // ready for the next row whatever the outcome
        }
    }

    private int Parameter(string name) =>
        raw.sqlite3_bind_parameter_index(_insert, name) is var index and > 0
            ? index
            : throw new InvalidOperationException($"The journal's INSERT has no parameter {name}.");

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _db);
        }
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

        _insert.Dispose();
        Connection.Dispose();
    }
}
