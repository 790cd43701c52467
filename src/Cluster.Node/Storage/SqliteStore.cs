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
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

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
