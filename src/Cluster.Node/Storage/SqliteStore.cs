using Microsoft.Data.Sqlite;

namespace Cluster.Node.Storage;

/// <summary>
/// Prepares the embedded SQLite file before the journal opens it: creates its folder and switches it
/// to write-ahead logging (a property of the file, set once), so readers never block the writer.
/// SQLite's default <c>synchronous = FULL</c> is kept: a commit is on disk before the journal
/// acknowledges it, which survives a process crash and a power loss.
/// </summary>
public static class SqliteStore
{
    public static void Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>The <c>synchronous</c> level a fresh connection gets (2 = FULL).</summary>
    public static long SynchronousLevel(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        return (long)command.ExecuteScalar()!;
    }
}
