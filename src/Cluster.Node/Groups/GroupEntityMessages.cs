using Cluster.Node.Reads;

namespace Cluster.Node.Groups;

/// <summary>What a group entity sends itself: timer ticks and the results of its own queries.</summary>
internal static class GroupEntityMessages
{
    /// <summary>The slow poll of the topic, in case a commit announcement was missed.</summary>
    internal sealed class Poll
    {
        public static readonly Poll Instance = new();
    }

    /// <summary>Time to hand out again what was not acknowledged in time.</summary>
    internal sealed class CheckExpiry
    {
        public static readonly CheckExpiry Instance = new();
    }

    /// <summary>The earliest event given back with a retry delay may go out now.</summary>
    internal sealed class RetryDue
    {
        public static readonly RetryDue Instance = new();
    }

    /// <summary>Time to count the lag again for the gauges and the status announcement.</summary>
    internal sealed class RefreshGauges
    {
        public static readonly RefreshGauges Instance = new();
    }

    /// <summary>A lag count came back (<see cref="Lag"/> null: the count failed, keep the last reading).</summary>
    internal sealed record GaugesRead(long? Lag, int InFlight);

    /// <summary>A page of the topic, read after the ledger's read position, at most <see cref="Limit"/> events.</summary>
    internal sealed record TopicRead(IReadOnlyList<StoredEvent> Events, int Limit);

    internal sealed record ReadFailed(Exception Cause);
}
