using Akka.Configuration;

namespace Cluster.Node.Streams;

/// <summary>Tunables of a stream entity, read from <c>event-cluster.streams</c> (hocon/streams.conf).</summary>
public sealed record StreamEntitySettings(int IdempotencyWindow, int SnapshotEvery)
{
    public const string ConfigPath = "event-cluster.streams";

    public static StreamEntitySettings From(Config config)
    {
        var section = config.GetConfig(ConfigPath)
            ?? throw new ConfigurationException($"Missing configuration section {ConfigPath}.");
        var settings = new StreamEntitySettings(
            section.GetInt("idempotency-window"),
            section.GetInt("snapshot-every"));
        if (settings.IdempotencyWindow < 1 || settings.SnapshotEvery < 1)
        {
            throw new ConfigurationException($"{ConfigPath}: idempotency-window and snapshot-every must be positive.");
        }

        return settings;
    }
}
