using System.Diagnostics.Metrics;

namespace Cluster.Node.Telemetry;

/// <summary>
/// The project's own instruments, on one <see cref="Meter"/> exported at <c>/metrics</c> through
/// OpenTelemetry (docs/operations.md lists them with their Prometheus names). Gauges read state
/// kept by <see cref="GaugeReadings"/>.
/// </summary>
public static class ClusterMetrics
{
    public const string MeterName = "EventCluster";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Events durably appended, tagged <c>topic</c> (on the node that wrote them).</summary>
    public static readonly Counter<long> EventsAppended =
        Meter.CreateCounter<long>("eventcluster.events.appended", "{event}", "Events durably appended, by topic.");

    /// <summary>Events per journal write of a stream entity (its group commit).</summary>
    public static readonly Histogram<int> JournalWriteEvents = Meter.CreateHistogram(
        "eventcluster.journal.write.events",
        "{event}",
        "Events per journal write of a stream entity (appends that waited are written together).",
        tags: null,
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });

    /// <summary>Gateway: time from receiving an append to answering it, tagged <c>status</c>.</summary>
    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram(
        "eventcluster.append.duration",
        "s",
        "Time from receiving an append request to answering it.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Gateway: appends refused, tagged <c>status</c> (400, 409, 413, 429, 503, 504).</summary>
    public static readonly Counter<long> AppendRejections =
        Meter.CreateCounter<long>("eventcluster.append.rejections", "{request}", "Append and ingest requests refused, by HTTP status.");

    /// <summary>Gateway: open SSE subscriptions, tagged <c>kind</c> (stream, topic, group).</summary>
    public static readonly UpDownCounter<long> LiveSubscriptions =
        Meter.CreateUpDownCounter<long>("eventcluster.subscriptions.live", "{subscription}", "Open SSE subscriptions, by kind.");

    /// <summary>Webhook POSTs that failed (non-2xx, error or timeout), tagged <c>topic</c> and <c>webhook</c>.</summary>
    public static readonly Counter<long> WebhookFailures =
        Meter.CreateCounter<long>("eventcluster.webhook.failures", "{request}", "Webhook POSTs that did not get a 2xx answer in time.");

    static ClusterMetrics()
    {
        Meter.CreateObservableGauge("eventcluster.group.lag", GaugeReadings.GroupLags, "{event}", "Events of the topic after a consumer group's or webhook's checkpoint.");
        Meter.CreateObservableGauge("eventcluster.group.in_flight", GaugeReadings.GroupInFlight, "{event}", "Deliveries out with members and not yet settled.");
        Meter.CreateObservableGauge("eventcluster.shards", GaugeReadings.Shards, "{shard}", "Stream shards hosted by this node.");
        Meter.CreateObservableGauge("eventcluster.entities", GaugeReadings.Entities, "{entity}", "Stream entities in memory on this node.");
        Meter.CreateObservableGauge("eventcluster.ingestion.queue", GaugeReadings.Ingestion, "{append}", "Gateway appends in flight and waiting for a slot, and their limits.");
    }

    /// <summary>Makes sure the gauges exist before the first scrape (the static constructor runs once).</summary>
    public static void EnsureCreated()
    {
    }
}
