using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Cluster.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Cluster.Node.Tests.Storage;

/// <summary>The journal's batching writer against a real SQLite file: combined commits, a bad write failing alone, bounded waiting.</summary>
public sealed class JournalBatchWriterSpecs : IDisposable
{
    // Prepared as a node prepares it: the journal table exists.
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task Writes_that_queue_behind_a_commit_are_stored_together_in_arrival_order()
    {
        await using var writer = Writer(capacity: 1000);
        using (var writeLock = HoldWriteLock())
        {
            // The first write waits for the lock; everything after it queues and goes in the next commit.
            var writes = Enumerable.Range(1, 200).Select(i => writer.WriteAsync([[Row("s-" + (i % 7), i)]])).ToArray();
            await Task.Delay(0);
            Assert.DoesNotContain(writes, w => w.IsCompleted);
            await ReleaseAsync(writeLock, writes);
        }

        Assert.Equal(200, _database.Scalar("SELECT COUNT(*) FROM journal"));
        Assert.Equal(0, _database.Scalar("SELECT COUNT(*) FROM journal a JOIN journal b ON a.ordering < b.ordering AND a.sequence_number > b.sequence_number"));
        Assert.Equal(";t;", Text("SELECT tags FROM journal WHERE sequence_number = 5"));
        Assert.Equal("writer-1", Text("SELECT writer_uuid FROM journal WHERE sequence_number = 5"));
        Assert.Equal(0, _database.Scalar("SELECT MAX(deleted) FROM journal"));
    }

    [Fact]
    public async Task A_write_that_cannot_be_stored_fails_alone_and_the_others_of_its_commit_are_stored()
    {
        await using var writer = Writer(capacity: 1000);
        await writer.WriteAsync([[Row("taken", 1)]]);

        Task[] writes;
        using (var writeLock = HoldWriteLock())
        {
            writes = Enumerable.Range(1, 50)
                .Select(i => writer.WriteAsync(i == 25 ? [[Row("taken", 2), Row("taken", 1)]] : [[Row("free", i)]]))
                .ToArray();
            await ReleaseAsync(writeLock, writes);
        }

        var failed = Assert.Single(writes, w => w.IsFaulted);
        Assert.Same(writes[24], failed);
        Assert.IsType<SqliteException>(failed.Exception!.InnerException);
        Assert.Equal(49, _database.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'free'"));

        // The failed write is atomic: its first row is not stored either.
        Assert.Equal(1, _database.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'taken'"));
    }

    [Fact]
    public async Task When_its_queue_is_full_a_write_waits_for_room_instead_of_growing_the_queue()
    {
        await using var writer = Writer(capacity: 4);
        Task[] writes;
        using (var writeLock = HoldWriteLock())
        {
            writes = Enumerable.Range(1, 20).Select(i => writer.WriteAsync([[Row("s", i)]])).ToArray();
            await ReleaseAsync(writeLock, writes);
        }

        Assert.All(writes, w => Assert.True(w.IsCompletedSuccessfully));
        Assert.Equal(20, _database.Scalar("SELECT COUNT(*) FROM journal"));
    }

    public void Dispose() => _database.Dispose();

    private JournalBatchWriter Writer(int capacity)
    {
        var journal = NodeTestConfig.ForEntities(_database.ConnectionString).GetConfig("akka.persistence.journal.sql");
        var table = new JournalTableNames(new JournalConfig(journal.WithFallback(SqlPersistence.DefaultJournalConfiguration)).TableConfig);
        return new JournalBatchWriter(
            () => SqliteRowInserter.Open(_database.ConnectionString, SqlitePragmas.Statement(SqliteSynchronous.Normal), table, "writer-1"),
            maxRowsPerCommit: 400,
            capacity);
    }

    private static JournalRowValues Row(string persistenceId, long sequenceNr) =>
        new(persistenceId, sequenceNr, DateTime.UtcNow.Ticks, [1, 2, 3], ";t;", "M", 99);

    // Another connection holding SQLite's write lock keeps the writer's commit waiting (busy_timeout).
    private WriteLock HoldWriteLock() => new(_database.ConnectionString);

    private static async Task ReleaseAsync(WriteLock writeLock, Task[] writes)
    {
        await Task.Delay(200);
        writeLock.Release();
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private string Text(string sql)
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    private sealed class WriteLock : IDisposable
    {
        private readonly SqliteConnection _connection;
        private SqliteTransaction? _transaction;

        public WriteLock(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            _transaction = _connection.BeginTransaction(deferred: false);
        }

        public void Release()
        {
            _transaction?.Rollback();
            _transaction?.Dispose();
            _transaction = null;
        }

        public void Dispose()
        {
            Release();
            _connection.Dispose();
        }
    }
}
