using System.Diagnostics;
using Microsoft.Data.Sqlite;
using System.Runtime.InteropServices;

namespace Cluster.Node.Storage;

/// <summary>
/// How a connection waits for SQLite's write lock while another connection holds it (the journal's
/// writer and the snapshot store share the file): it tries again every millisecond, for up to
/// <see cref="Limit"/>, then gives up with <c>SQLITE_BUSY</c>.
/// </summary>
/// <remarks>
/// <c>PRAGMA busy_timeout</c> backs off instead: it sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50
/// and then 100 ms between tries. A snapshot's commit holds the lock for about one fsync (1 to 15
/// ms here), but the journal's writer, once it found the lock taken, slept on through the backoff:
/// commits of 2 to 86 rows that waited 55, 87 and 183 ms for the lock (1+2+5+10+15+20, …+25, …+50) were the
/// 100-300 ms stalls of publish → SSE at 5,000 events/s (docs/write-path.md).
/// </remarks>
public static class SqliteBusyWait
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    // Kept in a static field: SQLite holds the function pointer for the connection's lifetime.
    private static readonly BusyHandler Handler = WaitOnce;

    [ThreadStatic]
    private static long t_waitingSince;

    private delegate int BusyHandler(IntPtr state, int count);

    /// <summary>Replaces the connection's busy handler (and any <c>busy_timeout</c>) with the one above.</summary>
    public static void Install(SqliteConnection connection)
    {
        var result = NativeMethods.sqlite3_busy_handler(connection.Handle!.DangerousGetHandle(), Handler, IntPtr.Zero);
        if (result != 0)
        {
            throw new SqliteException($"Installing the busy handler failed (SQLite error {result}).", result);
        }
    }

    // Called by SQLite on the waiting thread; count is 0 at the first retry of each lock attempt.
    private static int WaitOnce(IntPtr state, int count)
    {
        if (count == 0)
        {
            t_waitingSince = Stopwatch.GetTimestamp();
        }
        else if (Stopwatch.GetElapsedTime(t_waitingSince) > Limit)
        {
            return 0;
        }

        Thread.Sleep(1);
        return 1;
    }

    private static class NativeMethods
    {
        // The SQLite library Microsoft.Data.Sqlite loads (SQLitePCLRaw's bundle); SQLitePCLRaw does not wrap this call.
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int sqlite3_busy_handler(IntPtr db, BusyHandler handler, IntPtr state);
    }
}
