using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Cluster.Node.Telemetry;

/// <summary>
/// The latest values the observable gauges report, written by their owners: group entities (lag,
/// in flight) and the shard census (shards, entities).
/// Entries are removed when their owner stops, so the set follows what runs.
/// </summary>
public static class GaugeReadings
{
    private static readonly ConcurrentDictionary<(string Kind, string Topic, string Name), (long Lag, int InFlight)> GroupValues = new();
    private static (int Shards, int Entities)? _census;

    public static void SetGroup(string kind, string topic, string name, long lag, int inFlight) => GroupValues[(kind, topic, name)] = (lag, inFlight);

    public static void RemoveGroup(string kind, string topic, string name) => GroupValues.TryRemove((kind, topic, name), out _);

    public static void SetCensus(int shards, int entities) => _census = (shards, entities);

    internal static IEnumerable<Measurement<long>> GroupLags() =>
        GroupValues.Select(g => new Measurement<long>(g.Value.Lag, Tags(g.Key)));

    internal static IEnumerable<Measurement<int>> GroupInFlight() =>
        GroupValues.Select(g => new Measurement<int>(g.Value.InFlight, Tags(g.Key)));

    internal static IEnumerable<Measurement<int>> Shards() =>
        _census is { } c ? [new Measurement<int>(c.Shards)] : [];

    internal static IEnumerable<Measurement<int>> Entities() =>
        _census is { } c ? [new Measurement<int>(c.Entities)] : [];

    private static KeyValuePair<string, object?>[] Tags((string Kind, string Topic, string Name) key) =>
    [
        new("kind", key.Kind),
        new("topic", key.Topic),
        new("name", key.Name),
    ];
}
