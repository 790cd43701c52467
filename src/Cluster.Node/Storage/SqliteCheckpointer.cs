using Microsoft.Data.Sqlite;

namespace Cluster.Node.Storage;

/// <summary>
/// Moves most of SQLite's WAL checkpointing off the commit path. With automatic checkpoints only,
/// the commit that crosses the threshold copies the whole log into the database file and syncs it
/// before it returns, and every append queued behind it waits (with synchronous = NORMAL that was
/// the worst of the live latencies). This checkpointer runs a PASSIVE checkpoint (which neither
/// waits for nor blocks readers and writers) on a connection and a thread of its own, once per
/// interval in which commits happened. Under continuous writes it does not quite catch up, so it
/// does not restart the log itself; the writer keeps SQLite's automatic checkpoint, which bounds the
/// log and finds almost every frame already copied when it comes.
/// </summary>
public sealed class SqliteCheckpointer : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly string _connectionString;
    private readonly TimeSpan _interval;
    private int _committed;

    public SqliteCheckpointer(string connectionString, TimeSpan interval)
    {
        _connectionString = connectionString;
        _interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-checkpointer" };
        _thread.Start();
    }

    /// <summary>Frames were written to the log: the next round has something to checkpoint.</summary>
    public void Committed() => Volatile.Write(ref _committed, 1);

    public void Dispose()
    {
        _stop.Cancel();
        if (_thread.Join(TimeSpan.FromSeconds(5)))
        {
            _stop.Dispose(); // only once the thread no longer waits on it
        }
    }

    private void Run()
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA busy_timeout = 1000; PRAGMA wal_checkpoint(PASSIVE);";
            while (!_stop.Token.WaitHandle.WaitOne(_interval))
            {
                if (Interlocked.Exchange(ref _committed, 0) == 1)
                {
                    checkpoint.ExecuteNonQuery();
                }
            }
        }
        catch (SqliteException)
        {
            // The file went away or is unusable; the writer's own automatic checkpoint remains.
        }
    }
}
