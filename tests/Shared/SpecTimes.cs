namespace Cluster.Tests.Shared;

/// <summary>How long specs wait, stated once.</summary>
public static class SpecTimes
{
    /// <summary>
    /// For anything that should happen soon (an answer, a delivery, a process start): long enough for
    /// a loaded 2-core machine running every test project at once, short enough that a real failure
    /// still ends the run quickly. Waits that are slower by design (a cluster forming, a failover)
    /// are named multiples of it where they are used.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
}
