using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Cluster.Node.Storage;

/// <summary>
/// The embedded SQLite file. Before the journal opens it, its folder is created and it is switched to
/// write-ahead logging (a property of the file, set once), so readers never block the writer.
/// By default <c>synchronous = FULL</c>: a commit is on disk before the journal acknowledges it,
/// which survives a process crash and a power loss; <c>Normal</c> trades the power-loss guarantee
/// for speed (see <see cref="SqlitePragmas"/>).
/// A single writer also means offsets (the <c>ordering</c> column) become visible in order.
/// </summary>
public sealed class SqliteStore(string connectionString, SqliteSynchronous synchronous = SqliteSynchronous.Full) : JournalStore(connectionString)
{
    public override Akka.Actor.Setup.Setup? PluginSetup { get; } = SqlitePragmas.Setup(connectionString, synchronous);

    public override string HoconFile => "persistence-sqlite.conf";

    public override string JournalSettings => $"{SqliteJournal.SynchronousKey} = {synchronous}";

    public override IReadOnlyList<string> ReadSchema { get; } =
    [
        "CREATE INDEX IF NOT EXISTS ix_journal_tags_ordering ON journal (tags, ordering)",
        .. ProjectTables,
    ];

    public override void Prepare()
    {
        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA journal_mode=WAL; " + JournalSchema + ";" + string.Join(";", ProjectTables);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The journal table exactly as Akka.Persistence.Sql creates it for SQLite (default table mapping),
    /// but with only the indexes something reads through: the plugin's auto-initialize is off for the
    /// journal because it would also add an index on <c>created</c> and one on <c>sequence_number</c>
    /// alone, which no query of the plugin or of the project uses and which every append has to
    /// update; measured, dropping them cut a commit from about 330 to 230 µs and doubled batched
    /// appends (docs/write-path.md). A file created by an earlier version loses them at the next start.
    /// </summary>
    public const string JournalSchema = """
        CREATE TABLE IF NOT EXISTS [journal]
        (
            [ordering]        INTEGER        NOT NULL PRIMARY KEY AUTOINCREMENT,
            [created]         INTEGER        NOT NULL,
            [deleted]         Bit            NOT NULL,
            [persistence_id]  NVarChar(255)  NOT NULL,
            [sequence_number] INTEGER        NOT NULL,
            [message]         VarBinary      NOT NULL,
            [tags]            NVarChar(100)      NULL,
            [manifest]        NVarChar(500)      NULL,
            [identifier]      INTEGER            NULL,
            [writer_uuid]     NVarChar(128)      NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS journal_uq ON journal (persistence_id, sequence_number);
        DROP INDEX IF EXISTS journal_created_idx;
        DROP INDEX IF EXISTS journal_sequence_number_idx;
        """;

    public override DbConnection CreateConnection() => new SqliteConnection(ConnectionString);

    /// <summary>The <c>synchronous</c> level a fresh connection gets (2 = FULL).</summary>
    public long SynchronousLevel()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        return (long)command.ExecuteScalar()!;
    }
}
