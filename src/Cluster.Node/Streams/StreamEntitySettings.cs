using Akka.Configuration;

namespace Cluster.Node.Streams;

/// <summary>Tunables of a stream entity, read from <c>event-cluster.streams</c> (hocon/streams.conf).</summary>
public sealed record StreamEntitySettings(int IdempotencyWindow, int SnapshotEvery, int MaxQueuedAppends = 1000, int MaxGroupEvents = 2000)
{
    public const string ConfigPath = "event-cluster.streams";

    public static StreamEntitySettings From(Config config)
    {
        var section = config.GetConfig(ConfigPath)
            ?? throw new ConfigurationException($"Missing configuration section {ConfigPath}.");
        var settings = new StreamEntitySettings(
            section.GetInt("idempotency-window"),
            section.GetInt("snapshot-every"),
            section.GetInt("max-queued-appends", 1000),
            section.GetInt("max-group-events", 2000));
        if (settings.IdempotencyWindow < 1 || settings.SnapshotEvery < 1 || settings.MaxQueuedAppends < 0 || settings.MaxGroupEvents < 1)
        {
            throw new ConfigurationException($"{ConfigPath}: idempotency-window, snapshot-every and max-group-events must be positive, max-queued-appends not negative.");
        }

        return settings;
    }
}
