using System.Data.Common;
using Npgsql;

namespace Cluster.Node.Storage;

/// <summary>
/// PostgreSQL, shared by every node of a cluster. Several nodes write the journal at once, and a
/// sequence hands out <c>ordering</c> values before their transactions commit, so without care a
/// reader could see offset N+1 committed while N is still in flight, move its cursor past N and
/// never deliver it. The read schema therefore adds a trigger that assigns <c>ordering</c> under a
/// transaction-scoped advisory lock: offsets are taken in commit order and become visible in order,
/// at the price of one journal transaction at a time across the cluster.
/// The <c>tags</c> column is widened to hold the longest topic (200 characters) as <c>;topic;</c>.
/// </summary>
public sealed class PostgresStore(string connectionString) : JournalStore(connectionString)
{
    /// <summary>Advisory lock key serializing journal inserts (any constant unique to this product).</summary>
    private const long OrderingLockKey = 7_263_541_001;

    /// <summary>Advisory lock key serializing the schema statements of nodes starting together.</summary>
    private const long SchemaLockKey = 7_263_541_002;

    public override string HoconFile => "persistence-postgres.conf";

    public override IReadOnlyList<string> ReadSchema { get; } =
    [
        """
        DO $$
        BEGIN
          IF (SELECT character_maximum_length FROM information_schema.columns
              WHERE table_name = 'journal' AND column_name = 'tags' AND table_schema = current_schema()) < 256 THEN
            ALTER TABLE journal ALTER COLUMN tags TYPE varchar(256);
          END IF;
        END
        $$
        """,
        "CREATE INDEX IF NOT EXISTS ix_journal_tags_ordering ON journal (tags, ordering)",
        $"""
        CREATE OR REPLACE FUNCTION event_cluster_ordering_in_commit_order() RETURNS trigger AS $$
        BEGIN
          PERFORM pg_advisory_xact_lock({OrderingLockKey});
          NEW.ordering := nextval(pg_get_serial_sequence('journal', 'ordering'));
          RETURN NEW;
        END
        $$ LANGUAGE plpgsql
        """,
        """
        CREATE OR REPLACE TRIGGER event_cluster_ordering_in_commit_order
          BEFORE INSERT ON journal FOR EACH ROW EXECUTE FUNCTION event_cluster_ordering_in_commit_order()
        """,
    ];

    public override string SchemaLock => $"SELECT pg_advisory_lock({SchemaLockKey})";

    public override string SchemaUnlock => $"SELECT pg_advisory_unlock({SchemaLockKey})";

    public override void Prepare()
    {
        // The plugin creates its tables itself (auto-initialize); nothing to do before it starts.
    }

    public override DbConnection CreateConnection() => new NpgsqlConnection(ConnectionString);
}
