using System.Data.Common;
using Cluster.Node.Streams;

namespace Cluster.Node.Storage;

/// <summary>
/// The durable record of stream deletes and truncations, one row per stream that had one. Its
/// entity writes it (in order with its appends, before answering) and loads it when it starts;
/// every read joins it to skip what is no longer readable. It lives beside the journal rather than
/// in it because a journal event would take a sequence number, and a stream's sequences must stay
/// gapless across a truncation and go on after a delete.
/// </summary>
public sealed class StreamLifecycleTable(JournalStore store)
{
    /// <summary>Portable DDL, run with the read schema (and by the SQLite file's preparation).</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS stream_lifecycle (
            stream VARCHAR(255) NOT NULL PRIMARY KEY,
            deleted_version BIGINT NOT NULL,
            readable_from BIGINT NOT NULL,
            tombstoned BIGINT NOT NULL)
        """;

    public async Task<StreamLifecycle> LoadAsync(string stream, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT deleted_version, readable_from, tombstoned FROM stream_lifecycle WHERE stream = @stream";
        command.AddParameter("@stream", stream);
        await using var row = await command.ExecuteReaderAsync(ct);
        return await row.ReadAsync(ct) ? Read(row, 0) : StreamLifecycle.None;
    }

    /// <summary>The lifecycle in the columns <c>deleted_version, readable_from, tombstoned</c> from <paramref name="first"/> on; none when the row had no match (a null first column).</summary>
    public static StreamLifecycle Read(DbDataReader row, int first) =>
        row.IsDBNull(first) ? StreamLifecycle.None : new StreamLifecycle(row.GetInt64(first), row.GetInt64(first + 1), row.GetInt64(first + 2) != 0);

    public async Task SaveAsync(string stream, StreamLifecycle lifecycle, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO stream_lifecycle (stream, deleted_version, readable_from, tombstoned)
            VALUES (@stream, @deleted, @readable, @tombstoned)
            ON CONFLICT (stream) DO UPDATE SET deleted_version = excluded.deleted_version,
                readable_from = excluded.readable_from, tombstoned = excluded.tombstoned
            """;
        command.AddParameter("@stream", stream);
        command.AddParameter("@deleted", lifecycle.DeletedVersion);
        command.AddParameter("@readable", lifecycle.ReadableFrom);
        command.AddParameter("@tombstoned", lifecycle.Tombstoned ? 1L : 0L);
        await command.ExecuteNonQueryAsync(ct);
    }
}
