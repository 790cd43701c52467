using System.Data.Common;
using Cluster.Node.Storage;

namespace Cluster.Node.Scavenging;

/// <summary>The last finished scavenge: when, and what it removed.</summary>
public sealed record ScavengeRun(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, long RemovedEvents, long ReclaimedBytes);

/// <summary>Whether a scavenge runs now (anywhere in the cluster) and the last one that finished.</summary>
public sealed record ScavengeStatus(bool Running, ScavengeRun? LastRun);

/// <summary>
/// The one row that makes the scavenge one-at-a-time across the cluster and resumable: a lease
/// (owner and heartbeat) taken with a conditional update, the journal position reached so far
/// (a run that died is taken over and goes on from there), and the last finished run.
/// </summary>
public sealed class ScavengeState(JournalStore store)
{
    /// <summary>Portable DDL, run with the read schema.</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS scavenge_state (
            id BIGINT NOT NULL PRIMARY KEY,
            owner VARCHAR(64) NULL,
            heartbeat BIGINT NOT NULL,
            position BIGINT NOT NULL,
            started_at BIGINT NOT NULL,
            removed_events BIGINT NOT NULL,
            reclaimed_bytes BIGINT NOT NULL,
            last_started_at BIGINT NULL,
            last_finished_at BIGINT NULL,
            last_removed_events BIGINT NULL,
            last_reclaimed_bytes BIGINT NULL)
        """;

    /// <summary>Takes the lease if nobody holds a live one; a run that died is resumed (its position and counts are kept).</summary>
    public async Task<bool> TryAcquireAsync(string owner, TimeSpan leaseTimeout, CancellationToken ct)
    {
        var now = DateTime.UtcNow.Ticks;
        await ExecuteAsync(
            "INSERT INTO scavenge_state (id, heartbeat, position, started_at, removed_events, reclaimed_bytes) VALUES (1, 0, 0, 0, 0, 0) ON CONFLICT (id) DO NOTHING",
            _ => { },
            ct);

        // A fresh run starts at position 0 with zero counts; a taken-over one keeps them.
        var taken = await ExecuteAsync(
            """
            UPDATE scavenge_state SET
                started_at = CASE WHEN owner IS NULL THEN @now ELSE started_at END,
                position = CASE WHEN owner IS NULL THEN 0 ELSE position END,
                removed_events = CASE WHEN owner IS NULL THEN 0 ELSE removed_events END,
                reclaimed_bytes = CASE WHEN owner IS NULL THEN 0 ELSE reclaimed_bytes END,
                owner = @owner, heartbeat = @now
            WHERE id = 1 AND (owner IS NULL OR heartbeat < @stale)
            """,
            command =>
            {
                command.AddParameter("@owner", owner);
                command.AddParameter("@now", now);
                command.AddParameter("@stale", now - leaseTimeout.Ticks);
            },
            ct);
        return taken == 1;
    }

    /// <summary>Where the run is in the journal (resume point).</summary>
    public async Task<long> PositionAsync(CancellationToken ct) =>
        await ScalarAsync("SELECT position FROM scavenge_state WHERE id = 1", ct);

    /// <summary>One batch done: the position and counts move on and the lease is renewed; false when the lease was lost.</summary>
    public async Task<bool> ProgressAsync(string owner, long position, long removed, long reclaimed, CancellationToken ct) =>
        await ExecuteAsync(
            """
            UPDATE scavenge_state SET position = @position, removed_events = removed_events + @removed,
                reclaimed_bytes = reclaimed_bytes + @reclaimed, heartbeat = @now
            WHERE id = 1 AND owner = @owner
            """,
            command =>
            {
                command.AddParameter("@owner", owner);
                command.AddParameter("@position", position);
                command.AddParameter("@removed", removed);
                command.AddParameter("@reclaimed", reclaimed);
                command.AddParameter("@now", DateTime.UtcNow.Ticks);
            },
            ct) == 1;

    /// <summary>The run reached the end of the journal: it becomes the last run and the lease is free.</summary>
    public Task FinishAsync(string owner, CancellationToken ct) =>
        ExecuteAsync(
            """
            UPDATE scavenge_state SET last_started_at = started_at, last_finished_at = @now,
                last_removed_events = removed_events, last_reclaimed_bytes = reclaimed_bytes, owner = NULL
            WHERE id = 1 AND owner = @owner
            """,
            command =>
            {
                command.AddParameter("@owner", owner);
                command.AddParameter("@now", DateTime.UtcNow.Ticks);
            },
            ct);

    public async Task<ScavengeStatus> StatusAsync(TimeSpan leaseTimeout, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT owner, heartbeat, last_started_at, last_finished_at, last_removed_events, last_reclaimed_bytes FROM scavenge_state WHERE id = 1";
        await using var row = await command.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct))
        {
            return new ScavengeStatus(false, null);
        }

        var running = !row.IsDBNull(0) && row.GetInt64(1) >= DateTime.UtcNow.Ticks - leaseTimeout.Ticks;
        var last = row.IsDBNull(3) ? null : new ScavengeRun(At(row.GetInt64(2)), At(row.GetInt64(3)), row.GetInt64(4), row.GetInt64(5));
        return new ScavengeStatus(running, last);
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);

    private async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<int> ExecuteAsync(string sql, Action<DbCommand> bind, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
