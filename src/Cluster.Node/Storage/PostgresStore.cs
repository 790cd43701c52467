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
/// That trigger is the only source of <c>ordering</c>: the plugin creates the column as an identity,
/// whose default would draw a value of its own before the trigger draws again (offsets 2, 4, 6, …,
/// and a gap per row that the query journal's sequence tracking waits out for seconds each). The
/// read schema therefore moves the column to a sequence of the node's own that only the trigger
/// draws from, continuing after the highest offset already stored.
/// The <c>tags</c> column is widened to hold the longest topic (200 characters) as <c>;topic;</c>.
/// </summary>
public sealed class PostgresStore(string connectionString) : JournalStore(connectionString)
{
    /// <summary>Advisory lock key serializing journal inserts (any constant unique to this product).</summary>
    private const long OrderingLockKey = 7_263_541_001;

    /// <summary>The sequence the commit-order trigger draws offsets from (and nothing else does).</summary>
    public const string OrderingSequence = "event_cluster_journal_ordering";

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
        .. ProjectTables,
        $"""
        DO $$
        BEGIN
          IF EXISTS (SELECT 1 FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = 'journal' AND column_name = 'ordering'
                       AND (is_identity = 'YES' OR column_default IS NOT NULL)) THEN
            LOCK TABLE journal IN ACCESS EXCLUSIVE MODE;
            CREATE SEQUENCE IF NOT EXISTS {OrderingSequence} AS bigint;
            PERFORM setval('{OrderingSequence}', (SELECT COALESCE(MAX(ordering), 0) + 1 FROM journal), false);
            ALTER TABLE journal ALTER COLUMN ordering DROP IDENTITY IF EXISTS;
            ALTER TABLE journal ALTER COLUMN ordering DROP DEFAULT;
            ALTER SEQUENCE {OrderingSequence} OWNED BY journal.ordering;
          END IF;
        END
        $$
        """,
        $"""
        CREATE OR REPLACE FUNCTION event_cluster_ordering_in_commit_order() RETURNS trigger AS $$
        BEGIN
          PERFORM pg_advisory_xact_lock({OrderingLockKey});
          NEW.ordering := nextval('{OrderingSequence}');
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
