namespace Cluster.Node.Hosting;

/// <summary>
/// SQLite's ADO.NET provider does its I/O synchronously even behind async APIs, and the journal,
/// the snapshot store and the HTTP reads all run it on the thread pool. With the default floor
/// (one thread per core) a burst parks every worker in a database call and the pool adds threads
/// only slowly, which shows up as 100 ms – 1 s stalls. A higher floor avoids the ramp.
/// </summary>
public static class ThreadPoolFloor
{
    public const int DefaultMinimumThreads = 64;

    public static void Raise(int minimumThreads = DefaultMinimumThreads)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, minimumThreads), Math.Max(io, minimumThreads));
    }
}
