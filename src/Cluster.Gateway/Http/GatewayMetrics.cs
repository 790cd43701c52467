using System.Diagnostics.Metrics;
using Cluster.Node.Telemetry;

namespace Cluster.Gateway.Http;

/// <summary>
/// The gateway's own instruments, on a meter named like the node's (<see cref="ClusterMetrics.MeterName"/>),
/// so <c>/metrics</c> exports both under one name (docs/operations.md lists them). The admission
/// gauge belongs to its <see cref="Ingestion.AppendGate"/>, which registers it on the host's meter.
/// </summary>
internal static class GatewayMetrics
{
    private static readonly Meter Meter = new(ClusterMetrics.MeterName);

    /// <summary>Time from receiving an append to answering it, tagged <c>status</c>.</summary>
    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram(
        "eventcluster.append.duration",
        "s",
        "Time from receiving an append request to answering it.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Appends refused, tagged <c>status</c> (400, 409, 413, 429, 503, 504).</summary>
    public static readonly Counter<long> AppendRejections =
        Meter.CreateCounter<long>("eventcluster.append.rejections", "{request}", "Append and ingest requests refused, by HTTP status.");

    /// <summary>Open SSE subscriptions, tagged <c>kind</c> (stream, topic, group).</summary>
    public static readonly UpDownCounter<long> LiveSubscriptions =
        Meter.CreateUpDownCounter<long>("eventcluster.subscriptions.live", "{subscription}", "Open SSE subscriptions, by kind.");
}
