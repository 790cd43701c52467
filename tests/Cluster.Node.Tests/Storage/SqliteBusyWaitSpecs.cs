using Cluster.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Cluster.Node.Tests.Storage;

/// <summary>The journal writer's wait for a write lock that another connection holds.</summary>
public sealed class SqliteBusyWaitSpecs
{
    [Fact]
    public async Task A_writer_waits_inside_SQLite_for_a_lock_held_longer_than_its_command_timeout_and_gets_it_when_released()
    {
        using var database = new TempDatabase();
        using var holder = Open(database);
        using (var create = holder.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER)";
            create.ExecuteNonQuery();
        }

        // Default Timeout=1: without a busy handler that keeps waiting, Microsoft.Data.Sqlite gives up
        // on the locked file after a second, and the writer fails before the lock is released.
        using var writer = Open(database, "Default Timeout=1");
        SqliteBusyWait.Install(writer);

        using var held = holder.BeginTransaction(deferred: false);
        var released = false;
        var write = Task.Run(() =>
        {
            using var transaction = writer.BeginTransaction(deferred: false);
            var sawRelease = Volatile.Read(ref released);
            using var insert = writer.CreateCommand();
            insert.CommandText = "INSERT INTO t VALUES (1)";
            insert.ExecuteNonQuery();
            transaction.Commit();
            return sawRelease;
        });

        await Task.Delay(TimeSpan.FromSeconds(2)); // hold the lock past the command timeout
        Assert.False(write.IsCompleted);
        Volatile.Write(ref released, true);
        held.Commit();

        Assert.True(await write.WaitAsync(TimeSpan.FromSeconds(10)), "the writer took the lock only after the holder released it");
        using var count = holder.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM t";
        Assert.Equal(1L, count.ExecuteScalar());
    }

    private static SqliteConnection Open(TempDatabase database, string extra = "")
    {
        var connection = new SqliteConnection(database.ConnectionString.TrimEnd(';') + (extra.Length > 0 ? ";" + extra : ""));
        connection.Open();
        return connection;
    }
}
