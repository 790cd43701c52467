using System.Data.Common;
using System.Diagnostics;
using Cluster.Node.Reads;
using Cluster.Node.Storage;
using Cluster.Node.Telemetry;

namespace Cluster.Node.Scavenging;

/// <summary>
/// Removes from the journal what no reader can see any more (<see cref="Readability"/>): deleted,
/// truncated, tombstoned and expired events. It walks the stream rows in offset order, a batch at a
/// time, each batch one short transaction, recording its position after each (a run that died is
/// resumed there). A stream's last row is kept, marked deleted and emptied of its payload: the
/// journal's highest sequence number is what keeps a recreated stream numbering on, and replay
/// skips deleted rows. Snapshots of streams with nothing readable go too.
/// </summary>
public sealed class Scavenger(JournalStore store, ScavengeState state, ScavengeOptions options)
{
    /// <summary>Runs (or resumes) a scavenge if this process gets the lease; false when another holds it.</summary>
    public async Task<bool> RunAsync(string owner, CancellationToken ct)
    {
        if (!await state.TryAcquireAsync(owner, options.LeaseTimeout, ct))
        {
            return false;
        }

        var started = Stopwatch.GetTimestamp();
        var position = await state.PositionAsync(ct);
        while (await ScavengeBatchAsync(position, ct) is { } batch)
        {
            position = batch.Position;
            ClusterMetrics.ScavengedEvents.Add(batch.Removed);
            ClusterMetrics.ScavengedBytes.Add(batch.Reclaimed);
            if (!await state.ProgressAsync(owner, position, batch.Removed, batch.Reclaimed, ct))
            {
                return true; // the lease went to another process, which goes on from the recorded position
            }
        }

        await ExecuteAsync(SnapshotsOfUnreadableStreams, _ => { }, ct);
        await state.FinishAsync(owner, ct);
        ClusterMetrics.ScavengeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return true;
    }

    private const string SnapshotsOfUnreadableStreams = """
        DELETE FROM snapshot WHERE persistence_id IN (
            SELECT l.stream FROM stream_lifecycle l
            WHERE l.tombstoned = 1
               OR l.readable_from > (SELECT COALESCE(MAX(x.sequence_number), 0) FROM journal x WHERE x.persistence_id = l.stream))
        """;

    /// <summary>One batch after <paramref name="position"/>; null at the end of the journal.</summary>
    private async Task<Batch?> ScavengeBatchAsync(long position, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        var (last, remove, empty, bytes) = await ReadWindowAsync(connection, position, ct);
        if (last is null)
        {
            return null;
        }

        if (remove.Count + empty.Count > 0)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, transaction, $"DELETE FROM journal WHERE ordering IN ({List(remove)})", remove.Count, _ => { }, ct);
            await ExecuteAsync(connection, transaction, $"UPDATE journal SET deleted = @deleted, message = @empty WHERE ordering IN ({List(empty)})", empty.Count, command =>
            {
                command.AddParameter("@deleted", true);
                command.AddParameter("@empty", Array.Empty<byte>());
            }, ct);
            await transaction.CommitAsync(ct);
        }

        return new Batch(last.Value, remove.Count + empty.Count, bytes);
    }

    /// <summary>The next window of stream rows: the unreadable ones to delete, the unreadable last rows of their stream to empty, their payload bytes.</summary>
    private async Task<(long? Last, List<long> Remove, List<long> Empty, long Bytes)> ReadWindowAsync(DbConnection connection, long position, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT j.ordering,
                   CASE WHEN {Readability.Filter} THEN 0 ELSE 1 END,
                   CASE WHEN j.sequence_number = (SELECT MAX(x.sequence_number) FROM journal x WHERE x.persistence_id = j.persistence_id) THEN 1 ELSE 0 END,
                   LENGTH(j.message)
            FROM {Readability.From}
            WHERE j.ordering > @position AND j.tags <> '' AND NOT j.deleted
            ORDER BY j.ordering LIMIT @batch
            """;
        command.AddParameter("@now", Readability.Now());
        command.AddParameter("@position", position);
        command.AddParameter("@batch", options.ScavengeBatchSize);
        long? last = null;
        var (remove, empty, bytes) = (new List<long>(), new List<long>(), 0L);
        await using var row = await command.ExecuteReaderAsync(ct);
        while (await row.ReadAsync(ct))
        {
            last = row.GetInt64(0);
            if (row.GetInt64(1) == 1)
            {
                (row.GetInt64(2) == 1 ? empty : remove).Add(last.Value);
                bytes += row.GetInt64(3);
            }
        }

        return (last, remove, empty, bytes);
    }

    // Offsets are numbers, so they go into the statement as literals; at most a batch at a time.
    private static string List(List<long> offsets) => string.Join(",", offsets.Select(o => o.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private async Task ExecuteAsync(string sql, Action<DbCommand> bind, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        await ExecuteAsync(connection, null, sql, 1, bind, ct);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, int count, Action<DbCommand> bind, CancellationToken ct)
    {
        if (count == 0)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        bind(command);
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed record Batch(long Position, long Removed, long Reclaimed);
}
