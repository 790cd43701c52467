using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Cluster.Node.Hosting;
using Cluster.Node.Storage;
using Cluster.Tests.Shared;
using Npgsql;

namespace Cluster.Node.Tests.Storage;

/// <summary>
/// The journal's batching writer on a throw-away PostgreSQL server, with the plugin's table and the
/// commit-order trigger: offsets follow each stream's order, and a bad write fails alone.
/// </summary>
public sealed class PostgresRowInserterSpecs : IAsyncLifetime
{
    private readonly PostgresServer _server = new();

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();

        // The table as the plugin's auto-initialize creates it, then the node's read schema.
        await ExecuteAsync("""
            CREATE TABLE journal (
              ordering bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, created bigint NOT NULL, deleted boolean NOT NULL,
              persistence_id text NOT NULL, sequence_number bigint NOT NULL, message bytea NOT NULL, tags text,
              manifest text, identifier integer, writer_uuid text, CONSTRAINT journal_uq UNIQUE (persistence_id, sequence_number))
            """);

        // Rows written before the node's read schema existed (by the identity column alone).
        await ExecuteAsync("INSERT INTO journal (created, deleted, persistence_id, sequence_number, message) VALUES (0, false, 'before', 1, '\\x00'), (0, false, 'before', 2, '\\x00')");
        foreach (var statement in new PostgresStore(_server.ConnectionString).ReadSchema)
        {
            await ExecuteAsync(statement);
        }
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Rows_of_one_commit_get_offsets_in_their_order_and_a_bad_write_fails_alone()
    {
        await using var writer = Writer();
        await writer.WriteAsync([[Row("taken", 1)]]);

        // Sent without waiting: all but the first queue behind a commit and go in one INSERT.
        var writes = Enumerable.Range(1, 60)
            .Select(i => writer.WriteAsync(i == 30 ? [[Row("taken", 2), Row("taken", 1)]] : [[Row("s-" + (i % 3), 2 * i), Row("s-" + (i % 3), (2 * i) + 1)]]))
            .ToArray();
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        var failed = Assert.Single(writes, w => w.IsFaulted);
        Assert.Same(writes[29], failed);
        Assert.IsType<PostgresException>(failed.Exception!.InnerException);
        Assert.Equal(118L, await ScalarAsync("SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 's-%'"));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM journal WHERE persistence_id = 'taken'"));
        Assert.Equal(0L, await ScalarAsync("""
            SELECT COUNT(*) FROM journal a JOIN journal b ON a.persistence_id = b.persistence_id
            WHERE a.sequence_number < b.sequence_number AND a.ordering > b.ordering
            """));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM journal WHERE persistence_id = 's-1' AND sequence_number = 2 AND tags = ';t;' AND manifest = 'M' AND identifier = 99 AND writer_uuid = 'writer-1' AND NOT deleted AND message = '\\x010203'::bytea"));
    }

    [Fact]
    public async Task Every_row_takes_one_offset_right_after_those_stored_before_even_when_a_second_node_runs_the_schema_again()
    {
        await using (var writer = Writer())
        {
            await Task.WhenAll(Enumerable.Range(1, 20).Select(i => writer.WriteAsync([[Row("a-" + i, 1), Row("a-" + i, 2)], [Row("b-" + i, 1)]])));
        }

        // A second node starting: the read schema runs again on the migrated table.
        foreach (var statement in new PostgresStore(_server.ConnectionString).ReadSchema)
        {
            await ExecuteAsync(statement);
        }

        await using (var writer = Writer())
        {
            await writer.WriteAsync([[Row("c", 1), Row("c", 2), Row("c", 3)]]);
        }

        Assert.Equal(2L + 60 + 3, await ScalarAsync("SELECT COUNT(*) FROM journal"));
        Assert.Equal(1L, await ScalarAsync("SELECT MIN(ordering) FROM journal"));
        Assert.Equal(2L + 60 + 3, await ScalarAsync("SELECT MAX(ordering) FROM journal"));
        Assert.Equal(3L, await ScalarAsync("SELECT MIN(ordering) FROM journal WHERE persistence_id <> 'before'"));
    }

    private JournalBatchWriter Writer()
    {
        var journal = HoconFiles.Load(new PostgresStore(_server.ConnectionString).HoconFile).GetConfig("akka.persistence.journal.sql");
        var table = new JournalTableNames(new JournalConfig(journal.WithFallback(SqlPersistence.DefaultJournalConfiguration)).TableConfig);
        return new JournalBatchWriter(() => PostgresRowInserter.Open(_server.ConnectionString, table, "writer-1"), maxRowsPerCommit: 1000, capacity: 1000);
    }

    private static JournalRowValues Row(string persistenceId, long sequenceNr) =>
        new(persistenceId, sequenceNr, DateTime.UtcNow.Ticks, [1, 2, 3], ";t;", "M", 99);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
