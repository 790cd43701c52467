using Cluster.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Cluster.Node.Tests;

/// <summary>A throw-away SQLite journal file, prepared as the hosts prepare theirs, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "event-cluster-tests", Guid.NewGuid().ToString("N"));

    public TempDatabase()
    {
        ConnectionString = $"Data Source={Path.Combine(_folder, "events.db")}";
        Store = new SqliteStore(ConnectionString);
        Store.Prepare();
    }

    public string ConnectionString { get; }

    public SqliteStore Store { get; }

    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS temp folder is cleaned eventually.
        }
    }
}
