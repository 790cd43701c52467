using System.Globalization;

namespace Bench;

/// <summary>Command-line settings: <c>--name value</c> pairs, each with a default.</summary>
public sealed record BenchOptions(
    Uri Url,
    int Producers,
    int Streams,
    int EventBytes,
    TimeSpan PhaseDuration,
    int SeedEvents,
    int SeedTopics,
    int LiveRate,
    TimeSpan LiveDuration,
    TimeSpan LiveWarmup,
    string[] Phases,
    int? KillPid,
    int IngestMegabytes,
    int? GatewayPid,
    string NatsUrl,
    int GroupEvents,
    int CatchUpEvents,
    int BatchStreams,
    string? ResultsFile,
    string Label,
    bool NatsOnlyLive,
    bool LiveAcksOnly,
    int ScavengeEvents,
    string? DbFile,
    int ExpireSeconds,
    string? ApiKey)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Get(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new BenchOptions(
            new Uri(Get("url", "http://127.0.0.1:5000")),
            Int("producers", 16),
            Int("streams", 1000),
            Int("event-bytes", 256),
            TimeSpan.FromSeconds(Int("seconds", 20)),
            Int("seed-events", 1_000_000),
            Int("seed-topics", 10),
            Int("live-rate", 1000),
            TimeSpan.FromSeconds(Int("live-seconds", 15)),
            TimeSpan.FromSeconds(Int("live-warmup", 3)),
            Get("phases", "single,batch,catchup,live").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            values.ContainsKey("kill-pid") ? Int("kill-pid", 0) : null,
            Int("ingest-mb", 1024),
            values.ContainsKey("gateway-pid") ? Int("gateway-pid", 0) : null,
            Get("nats-url", "nats://127.0.0.1:4222"),
            Int("group-events", 50_000),
            Int("catchup-events", 200_000),
            Int("batch-streams", 100),
            values.TryGetValue("results", out var results) ? results : null,
            Get("label", "run"),
            Get("nats-only-live", "no") == "yes",
            Get("live-acks-only", "no") == "yes",
            Int("scavenge-events", 2_000_000),
            values.TryGetValue("db-file", out var dbFile) ? dbFile : null,
            Int("expire-seconds", 30),
            values.TryGetValue("key", out var key) ? key : null);
    }
}
