using Cluster.Node.Storage;
using Akka.Configuration;
using LinqToDB;
using LinqToDB.Data;

namespace Cluster.Node.Tests.Storage;

/// <summary>The per-connection settings the journal's connections get, on a fresh and on a pooled native handle.</summary>
public sealed class SqlitePragmasSpecs
{
    [Theory]
    [InlineData(SqliteSynchronous.Normal, 1)]
    [InlineData(SqliteSynchronous.Full, 2)]
    public void Every_journal_connection_has_the_pragmas_also_when_its_handle_comes_from_the_pool(SqliteSynchronous synchronous, long level)
    {
        using var database = new TempDatabase();
        var options = new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, database.ConnectionString)
            .UseInterceptor(new SqlitePragmas(synchronous));

        // The first open sets the pragmas on a new handle; the later opens reuse the pooled handle.
        for (var open = 0; open < 3; open++)
        {
            using var connection = new DataConnection(options);
            Assert.Equal(level, connection.Execute<long>("PRAGMA synchronous"));
            Assert.Equal(10_000, connection.Execute<long>("PRAGMA busy_timeout"));
            Assert.Equal(16_384, connection.Execute<long>("PRAGMA wal_autocheckpoint"));
        }
    }

    [Fact]
    public void The_journal_writer_keeps_sqlites_own_page_cache_unless_one_is_configured()
    {
        using var database = new TempDatabase();
        using var connection = Open(database);
        var sqliteDefault = Scalar(connection, "PRAGMA cache_size");

        Execute(connection, SqliteJournal.WriterPragmas(ConfigurationFactory.Empty));

        Assert.Equal(sqliteDefault, Scalar(connection, "PRAGMA cache_size"));
        Assert.Equal(2L, Scalar(connection, "PRAGMA synchronous"));
    }

    [Theory]
    [InlineData("cache-size = 8MiB", -8_192)]
    [InlineData("cache-size = 16MiB", -16_384)]
    public void The_journal_writer_keeps_the_configured_page_cache(string hocon, long cacheSize)
    {
        using var database = new TempDatabase();
        using var connection = Open(database);

        Execute(connection, SqliteJournal.WriterPragmas(ConfigurationFactory.ParseString(hocon)));

        Assert.Equal(cacheSize, Scalar(connection, "PRAGMA cache_size"));
        Assert.Equal(2L, Scalar(connection, "PRAGMA synchronous"));
    }

    private static Microsoft.Data.Sqlite.SqliteConnection Open(TempDatabase database)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
