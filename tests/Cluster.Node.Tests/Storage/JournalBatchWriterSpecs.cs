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
    public async Task Writes_that_queue_behind_a_commit_are_stored_together_in_one_commit_in_arrival_order()
    {
        var commits = new CommitRecorder();
        await using var writer = Writer(capacity: 1000, commits);

        // The first write's commit is held; the 199 written meanwhile queue behind it.
        var first = writer.WriteAsync([[Row("s-1", 1)]]);
        await commits.FirstStarted;
        var writes = Enumerable.Range(2, 199).Select(i => writer.WriteAsync([[Row("s-" + (i % 7), i)]])).Prepend(first).ToArray();
        Assert.Equal(199, writer.Queued);
        commits.Release();
        await Task.WhenAll(writes);

        Assert.Equal([1, 199], commits.RowsPerCommit); // the queued writes shared one commit
        Assert.Equal(200, _database.Scalar("SELECT COUNT(*) FROM journal"));
        Assert.Equal(0, _database.Scalar("SELECT COUNT(*) FROM journal a JOIN journal b ON a.ordering < b.ordering AND a.sequence_number > b.sequence_number"));
        Assert.Equal(";t;", Text("SELECT tags FROM journal WHERE sequence_number = 5"));
        Assert.Equal("writer-1", Text("SELECT writer_uuid FROM journal WHERE sequence_number = 5"));
        Assert.Equal(0, _database.Scalar("SELECT MAX(deleted) FROM journal"));
    }

    [Fact]
    public async Task A_write_that_cannot_be_stored_fails_alone_and_the_others_of_its_commit_are_stored()
    {
        var commits = new CommitRecorder();
        await using var writer = Writer(capacity: 1000, commits);
        var taken = writer.WriteAsync([[Row("taken", 1)]]);
        await commits.FirstStarted;
        var writes = Enumerable.Range(1, 50)
            .Select(i => writer.WriteAsync(i == 25 ? [[Row("taken", 2), Row("taken", 1)]] : [[Row("free", i)]]))
            .ToArray();
        commits.Release();
        await taken;
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        var failed = Assert.Single(writes, w => w.IsFaulted);
        Assert.Same(writes[24], failed);
        Assert.Contains("UNIQUE constraint failed", Assert.IsType<SqliteException>(failed.Exception!.InnerException).Message); // SQLite's own reason
        Assert.Equal(49, _database.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'free'"));

        // The 50 were tried together first (51 rows), then each alone after that commit failed.
        Assert.Equal(51, commits.RowsPerCommit[1]);
        Assert.Equal(2 + 50, commits.RowsPerCommit.Count);

        // The failed write is atomic: its first row is not stored either.
        Assert.Equal(1, _database.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'taken'"));
    }

    [Fact]
    public async Task When_its_queue_is_full_a_write_waits_for_room_instead_of_growing_the_queue()
    {
        var commits = new CommitRecorder();
        await using var writer = Writer(capacity: 4, commits);
        var first = writer.WriteAsync([[Row("s", 1)]]);
        await commits.FirstStarted;
        var writes = Enumerable.Range(2, 19).Select(i => writer.WriteAsync([[Row("s", i)]])).Prepend(first).ToArray();

        Assert.Equal(4, writer.Queued); // the other 15 wait for room, outside the queue
        commits.Release();
        await Task.WhenAll(writes);

        Assert.Equal(20, _database.Scalar("SELECT COUNT(*) FROM journal"));
        Assert.Equal(20, commits.RowsPerCommit.Sum());
    }

    [Fact]
    public async Task A_change_beside_the_journal_shares_the_commit_of_the_appends_queued_with_it_and_a_failing_change_fails_alone()
    {
        Execute("CREATE TABLE side (k TEXT PRIMARY KEY)");
        Execute("INSERT INTO side VALUES ('taken')");
        var commits = new CommitRecorder();
        await using var writer = Writer(capacity: 1000, commits);
        var first = writer.WriteAsync([[Row("s", 1)]]);
        await commits.FirstStarted;
        var append = writer.WriteAsync([[Row("s", 2), Row("s", 3)]]);
        var change = writer.WriteAsync(SideRow("fresh"));
        var conflicting = writer.WriteAsync(SideRow("taken"));
        var later = writer.WriteAsync([[Row("s", 4)]]);
        commits.Release();
        await Task.WhenAll(new[] { first, append, change, conflicting, later }.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.IsType<SqliteException>(conflicting.Exception!.InnerException);
        Assert.All([first, append, change, later], w => Assert.True(w.IsCompletedSuccessfully));
        Assert.Equal(4, _database.Scalar("SELECT COUNT(*) FROM journal"));
        Assert.Equal(1, _database.Scalar("SELECT COUNT(*) FROM side WHERE k = 'fresh'"));
        Assert.Equal(1, writer.ChangesCommitted);

        // Tried together first (3 rows + 2 changes), then each of the four alone.
        Assert.Equal([1, 5, 2, 1, 1, 1], commits.RowsPerCommit);
    }

    public void Dispose() => _database.Dispose();

    private static SqlChange SideRow(string key) => new("INSERT INTO side (k) VALUES ($k)", [new KeyValuePair<string, object>("$k", key)]);

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private JournalBatchWriter Writer(int capacity, CommitRecorder commits)
    {
        var journal = NodeTestConfig.ForEntities(_database.ConnectionString).GetConfig("akka.persistence.journal.sql");
        var table = new JournalTableNames(new JournalConfig(journal.WithFallback(SqlPersistence.DefaultJournalConfiguration)).TableConfig);
        return new JournalBatchWriter(
            () => commits.Around(SqliteRowInserter.Open(_database.ConnectionString, SqlitePragmas.Statement(SqliteSynchronous.Normal), table, "writer-1")),
            maxRowsPerCommit: 400,
            capacity);
    }

    private static JournalRowValues Row(string persistenceId, long sequenceNr) =>
        new(persistenceId, sequenceNr, DateTime.UtcNow.Ticks, [1, 2, 3], ";t;", "M", 99);

    private string Text(string sql)
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Records the rows (and changes) of every commit the writer makes (through the real SQLite inserter) and holds
    /// the first one until released, so that writes queue behind it deterministically.
    /// </summary>
    private sealed class CommitRecorder
    {
        private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<int> _rows = [];

        public Task FirstStarted => _firstStarted.Task;

        public IReadOnlyList<int> RowsPerCommit
        {
            get
            {
                lock (_rows)
                {
                    return [.. _rows];
                }
            }
        }

        public void Release() => _release.TrySetResult();

        public IJournalRowInserter Around(IJournalRowInserter inner) => new Recording(this, inner);

        private sealed class Recording(CommitRecorder recorder, IJournalRowInserter inner) : IJournalRowInserter
        {
            public async Task CommitAsync(IReadOnlyList<JournalRowValues> rows, IReadOnlyList<SqlChange> changes)
            {
                lock (recorder._rows)
                {
                    recorder._rows.Add(rows.Count + changes.Count);
                }

                recorder._firstStarted.TrySetResult();
                await recorder._release.Task;
                await inner.CommitAsync(rows, changes);
            }

            public void Dispose() => inner.Dispose();
        }
    }
}
