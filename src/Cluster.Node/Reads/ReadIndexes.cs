using System.Data.Common;
using Akka.Actor;
using Akka.Persistence;
using Cluster.Node.Storage;

namespace Cluster.Node.Reads;

/// <summary>
/// Makes the store ready for the project's reads. On a node: under the store's schema lock, start
/// the journal and the snapshot store (their auto-initialize creates the tables; on SQLite the
/// journal table already exists, see <see cref="SqliteStore.JournalSchema"/>), wait for the
/// tables, then run the store's read schema (the (tags, ordering) index that topic reads
/// range-scan, and on PostgreSQL the commit-order trigger). A gateway-only process never writes:
/// it waits for the nodes to have created the tables, then runs the same idempotent read schema.
/// </summary>
public static class ReadIndexes
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static async Task EnsureAsync(ActorSystem system, JournalStore store, JournalReader reader, bool hostsJournal, CancellationToken ct)
    {
        if (!hostsJournal)
        {
            await WaitForTablesAsync(reader, ct);
        }

        await using var connection = await store.OpenAsync(ct);
        await ExecuteAsync(connection, store.SchemaLock, ct);
        try
        {
            if (hostsJournal)
            {
                var persistence = Persistence.Instance.Apply(system);
                persistence.JournalFor(null);
                persistence.SnapshotStoreFor(null);
                await WaitForTablesAsync(reader, ct);
            }

            foreach (var statement in store.ReadSchema)
            {
                await ExecuteAsync(connection, statement, ct);
            }
        }
        finally
        {
            await ExecuteAsync(connection, store.SchemaUnlock, CancellationToken.None);
        }
    }

    private static async Task WaitForTablesAsync(JournalReader reader, CancellationToken ct)
    {
        while (!await reader.IsReachableAsync(ct))
        {
            await Task.Delay(Poll, ct);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string? sql, CancellationToken ct)
    {
        if (sql is null)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
