using Microsoft.Data.Sqlite;

namespace Cluster.Node.Storage;

/// <summary>
/// Moves SQLite's WAL checkpoints off the commit path. With automatic checkpoints the commit that
/// crosses the threshold copies the whole log into the database file (and, with synchronous = FULL,
/// syncs it) before it returns: measured here, that commit and every append queued behind it waited
/// 90-140 ms, the worst live latencies of a run. This checkpointer runs a PASSIVE checkpoint (which
/// never waits for, nor blocks, readers and writers) on a connection of its own, on its own thread,
/// at most once per interval while commits happen, so the log is copied in small steps while the
/// writer goes on and the writer can restart the log from its beginning. The writer keeps SQLite's
/// automatic checkpoint at a higher threshold as a fallback, so the log stays bounded even if this
/// one falls behind.
/// </summary>
public sealed class SqliteCheckpointer : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _dirty = new(0, 1);
    private readonly TimeSpan _interval;

    public SqliteCheckpointer(string connectionString, TimeSpan interval)
    {
        _connectionString = connectionString;
        _interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-checkpointer" };
        _thread.Start();
    }

    /// <summary>Frames were written to the log: the next round has something to checkpoint.</summary>
    public void Committed()
    {
        if (_dirty.CurrentCount == 0)
        {
            try
            {
                _dirty.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit marked it in between: nothing more to do.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
        _dirty.Dispose();
    }

    private void Run()
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA busy_timeout = 1000; PRAGMA wal_checkpoint(PASSIVE);";
            while (!_stop.IsCancellationRequested)
            {
                _dirty.Wait(_stop.Token);
                checkpoint.ExecuteNonQuery();
                _stop.Token.WaitHandle.WaitOne(_interval);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        catch (SqliteException)
        {
            // The file went away or is unusable; the writer's own automatic checkpoint remains.
        }
    }
}
