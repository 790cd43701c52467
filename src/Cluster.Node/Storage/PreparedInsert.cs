using Microsoft.Data.Sqlite;

namespace Cluster.Node.Storage;

/// <summary>
/// An open SQLite connection with the journal's INSERT prepared once: each row only binds its values
/// and steps the statement, instead of opening a pooled connection and building the SQL per write.
/// </summary>
internal sealed class PreparedInsert : IDisposable
{
    private readonly SqliteParameter _created;
    private readonly SqliteParameter _persistenceId;
    private readonly SqliteParameter _sequenceNr;
    private readonly SqliteParameter _message;
    private readonly SqliteParameter _tags;
    private readonly SqliteParameter _manifest;
    private readonly SqliteParameter _identifier;

    private PreparedInsert(SqliteConnection connection, string insertSql, string? writerUuid)
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

    public SqliteConnection Connection { get; }

    public SqliteCommand Command { get; }

    public static PreparedInsert Open(string connectionString, string pragmas, string insertSql, string? writerUuid)
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

            var insert = new PreparedInsert(connection, insertSql, writerUuid);
            insert.Command.Prepare();
            return insert;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Execute(in JournalRowValues row)
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

    public void Dispose()
    {
        Command.Dispose();
        Connection.Dispose();
    }
}
