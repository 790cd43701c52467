using Npgsql;
using NpgsqlTypes;

namespace Cluster.Node.Storage;

/// <summary>
/// An open PostgreSQL connection with the journal's INSERT prepared once. A commit is one statement
/// and one round trip: the rows travel as arrays, are unnested in their order and inserted by one
/// INSERT, which is atomic by itself. The commit-order trigger (<see cref="PostgresStore"/>) assigns
/// <c>ordering</c> row by row in that order, so a stream's events keep their order in the offsets.
/// </summary>
public sealed class PostgresRowInserter : IJournalRowInserter
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _insert;
    private readonly NpgsqlParameter<long[]> _created = new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };
    private readonly NpgsqlParameter<string[]> _persistenceIds = new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
    private readonly NpgsqlParameter<long[]> _sequenceNrs = new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };
    private readonly NpgsqlParameter<byte[][]> _messages = new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea };
    private readonly NpgsqlParameter<string[]> _tags = new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
    private readonly NpgsqlParameter<string[]> _manifests = new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
    private readonly NpgsqlParameter<int[]> _identifiers = new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer };

    private PostgresRowInserter(NpgsqlConnection connection, JournalTableNames table, string? writerUuid)
    {
        _connection = connection;
        _insert = new NpgsqlCommand(InsertSql(table), connection);
        _insert.Parameters.Add(_created);
        _insert.Parameters.Add(_persistenceIds);
        _insert.Parameters.Add(_sequenceNrs);
        _insert.Parameters.Add(_messages);
        _insert.Parameters.Add(_tags);
        _insert.Parameters.Add(_manifests);
        _insert.Parameters.Add(_identifiers);
        if (table.HasWriterUuid)
        {
            _insert.Parameters.Add(new NpgsqlParameter<string?> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = writerUuid });
        }
    }

    public static PostgresRowInserter Open(string connectionString, JournalTableNames table, string? writerUuid)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            var inserter = new PostgresRowInserter(connection, table, writerUuid);
            inserter._insert.Prepare();
            return inserter;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async Task CommitAsync(IReadOnlyList<JournalRowValues> rows, IReadOnlyList<SqlChange> changes)
    {
        if (changes.Count > 0)
        {
            // PostgreSQL has no single write lock to share: its snapshot store writes on its own connections.
            throw new NotSupportedException("The PostgreSQL journal writer commits journal rows only.");
        }

        var n = rows.Count;
        var (created, ids, sequenceNrs, messages, tags, manifests, identifiers) =
            (new long[n], new string[n], new long[n], new byte[n][], new string[n], new string[n], new int[n]);
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            (created[i], ids[i], sequenceNrs[i], messages[i], tags[i], manifests[i], identifiers[i]) =
                (row.Created, row.PersistenceId, row.SequenceNr, row.Message, row.Tags, row.Manifest, row.Identifier);
        }

        (_created.TypedValue, _persistenceIds.TypedValue, _sequenceNrs.TypedValue, _messages.TypedValue) = (created, ids, sequenceNrs, messages);
        (_tags.TypedValue, _manifests.TypedValue, _identifiers.TypedValue) = (tags, manifests, identifiers);
        await _insert.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }

    private static string InsertSql(JournalTableNames table)
    {
        var c = table.Columns;
        var name = table.Schema is { Length: > 0 } schema ? $"\"{schema}\".\"{table.Table}\"" : $"\"{table.Table}\"";
        var (uuidColumn, uuidValue) = table.HasWriterUuid ? ($", \"{c.WriterUuid}\"", ", $8") : ("", "");
        return $"""
            INSERT INTO {name} ("{c.Created}", "{c.Deleted}", "{c.PersistenceId}", "{c.SequenceNumber}", "{c.Message}", "{c.Tags}", "{c.Manifest}", "{c.Identifier}"{uuidColumn})
            SELECT r.created, false, r.persistence_id, r.sequence_number, r.message, r.tags, r.manifest, r.identifier{uuidValue}
            FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[], $5::text[], $6::text[], $7::integer[])
              WITH ORDINALITY AS r(created, persistence_id, sequence_number, message, tags, manifest, identifier, n)
            ORDER BY r.n
            """;
    }
}
