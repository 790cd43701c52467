using System.Diagnostics.Metrics;

namespace Cluster.Node.Telemetry;

/// <summary>
/// The node's instruments, on one <see cref="Meter"/> exported at <c>/metrics</c> through
/// OpenTelemetry (docs/operations.md lists them with their Prometheus names). Gauges read state
/// kept by <see cref="GaugeReadings"/>. The gateway's instruments are its own, on a meter of the same name.
/// </summary>
public static class ClusterMetrics
{
    public const string MeterName = "EventCluster";

    private static readonly Meter Meter = new(MeterName);

    // Buckets of the histograms that count things per write or commit (events, rows).
    private static readonly int[] PerWriteCounts = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    /// <summary>Events durably appended, tagged <c>topic</c> (on the node that wrote them).</summary>
    public static readonly Counter<long> EventsAppended =
        Meter.CreateCounter<long>("eventcluster.events.appended", "{event}", "Events durably appended, by topic.");

    /// <summary>Events per journal write of a stream entity (its group commit).</summary>
    public static readonly Histogram<int> JournalWriteEvents = PerWriteHistogram(
        "eventcluster.journal.write.events",
        "{event}",
        "Events per journal write of a stream entity (appends that waited are written together).");

    // Seconds, from 0.1 ms (a commit without a sync) to 10 s (the append timeout), finest where a
    // synced commit's tail lies (1-10 ms); the SDK's default boundaries (0 to 10,000) would put
    // every commit in the first bucket.
    private static readonly double[] CommitSeconds =
        [0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>How long each commit of the node's journal writer took: its transaction, the sync included.</summary>
    public static readonly Histogram<double> JournalCommitDuration = CommitSecondsHistogram(
        "eventcluster.journal.commit.duration",
        "How long each commit of the node's journal writer took (its transaction, the sync to disk included).");

    /// <summary>How long each journal write waited for the writer (the commit then in flight) before its own commit began.</summary>
    public static readonly Histogram<double> JournalCommitWait = CommitSecondsHistogram(
        "eventcluster.journal.commit.wait",
        "How long each journal write waited for the node's writer (the commit then in flight) before its own commit began.");

    /// <summary>Rows per commit of the node's journal writer (the writes of any streams that waited; a snapshot counts as one).</summary>
    public static readonly Histogram<int> JournalCommitRows = PerWriteHistogram(
        "eventcluster.journal.commit.rows",
        "{row}",
        "Rows per commit of the node's journal writer (the writes of any streams that waited; a snapshot counts as one).");

    /// <summary>Stream entities that passivated because the node's live entities were over their memory budget.</summary>
    public static readonly Counter<long> StreamsPassivatedForMemory =
        Meter.CreateCounter<long>("eventcluster.streams.passivated_for_memory", "{stream}", "Stream entities stopped early because the node's live entities were over their memory budget (entity-memory-budget).");

    /// <summary>Webhook POSTs that failed (non-2xx, error or timeout), tagged <c>topic</c> and <c>webhook</c>.</summary>
    public static readonly Counter<long> WebhookFailures =
        Meter.CreateCounter<long>("eventcluster.webhook.failures", "{request}", "Webhook POSTs that did not get a 2xx answer in time.");

    /// <summary>Unreadable events the scavenge removed from the journal.</summary>
    public static readonly Counter<long> ScavengedEvents =
        Meter.CreateCounter<long>("eventcluster.scavenge.removed_events", "{event}", "Unreadable events the scavenge removed from the journal.");

    /// <summary>Payload bytes the scavenge removed.</summary>
    public static readonly Counter<long> ScavengedBytes =
        Meter.CreateCounter<long>("eventcluster.scavenge.reclaimed_bytes", "By", "Payload bytes of the events the scavenge removed.");

    /// <summary>How long a whole scavenge took.</summary>
    public static readonly Histogram<double> ScavengeDuration =
        Meter.CreateHistogram<double>("eventcluster.scavenge.duration", "s", "How long a scavenge took, from taking the lease to the end of the journal.");

    static ClusterMetrics()
    {
        Meter.CreateObservableGauge("eventcluster.group.lag", GaugeReadings.GroupLags, "{event}", "Events of the topic after a consumer group's or webhook's checkpoint.");
        Meter.CreateObservableGauge("eventcluster.group.in_flight", GaugeReadings.GroupInFlight, "{event}", "Deliveries out with members and not yet settled.");
        Meter.CreateObservableGauge("eventcluster.shards", GaugeReadings.Shards, "{shard}", "Stream shards hosted by this node.");
        Meter.CreateObservableGauge("eventcluster.entities", GaugeReadings.Entities, "{entity}", "Stream entities in memory on this node.");
    }

    private static Histogram<int> PerWriteHistogram(string name, string unit, string description) =>
        Meter.CreateHistogram(name, unit, description, tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = PerWriteCounts });

    private static Histogram<double> CommitSecondsHistogram(string name, string description) =>
        Meter.CreateHistogram(name, "s", description, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CommitSeconds });

    /// <summary>Makes sure the gauges exist before the first scrape (the static constructor runs once).</summary>
    public static void EnsureCreated()
    {
    }
}
