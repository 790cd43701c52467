using Cluster.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Cluster.Node.Tests.Storage;

/// <summary>The journal table the node creates on SQLite, and what it does to a file of an earlier version.</summary>
public sealed class SqliteSchemaSpecs
{
    [Fact]
    public void A_new_file_gets_the_journal_table_with_only_the_indexes_that_reads_use()
    {
        using var database = new TempDatabase();
        Assert.Equal(
            "journal_uq",
            string.Join(",", Names(database, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'journal' AND sql IS NOT NULL")));
        Assert.Equal(
            "ordering,created,deleted,persistence_id,sequence_number,message,tags,manifest,identifier,writer_uuid",
            string.Join(",", Names(database, "SELECT name FROM pragma_table_info('journal') ORDER BY cid")));
    }

    [Fact]
    public void A_file_with_the_plugins_write_only_indexes_loses_them_and_keeps_its_events()
    {
        using var database = new TempDatabase();
        Execute(database, """
            CREATE INDEX journal_created_idx ON journal (created);
            CREATE INDEX journal_sequence_number_idx ON journal (sequence_number);
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message) VALUES (1, 0, 'acct-1', 1, x'01');
            """);

        // What a restart of the node does.
        new SqliteStore(database.ConnectionString).Prepare();

        Assert.Equal(0, database.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('journal_created_idx', 'journal_sequence_number_idx')"));
        Assert.Equal(1, database.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'acct-1'"));
    }

    private static List<string> Names(TempDatabase database, string sql)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static void Execute(TempDatabase database, string sql)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
