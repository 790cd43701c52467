using Akka.Configuration;

namespace Cluster.Node.Groups;

/// <summary>Tunables of consumer group entities, read from <c>event-cluster.groups</c> (hocon/groups.conf).</summary>
public sealed record GroupEntitySettings(
    int MaxInFlightPerMember,
    int ReadAhead,
    long ReadAheadBytes,
    int ReadBatch,
    TimeSpan PollInterval,
    TimeSpan ExpiryCheckInterval,
    int SnapshotEvery)
{
    public const string ConfigPath = "event-cluster.groups";

    public static GroupEntitySettings From(Config config)
    {
        var section = config.GetConfig(ConfigPath)
            ?? throw new ConfigurationException($"Missing configuration section {ConfigPath}.");
        var settings = new GroupEntitySettings(
            section.GetInt("max-in-flight-per-member"),
            section.GetInt("read-ahead"),
            section.GetByteSize("read-ahead-bytes") ?? throw new ConfigurationException($"{ConfigPath}.read-ahead-bytes is missing."),
            section.GetInt("read-batch"),
            section.GetTimeSpan("poll-interval"),
            section.GetTimeSpan("expiry-check-interval"),
            section.GetInt("snapshot-every"));
        if (settings.MaxInFlightPerMember < 1 || settings.ReadAhead < 1 || settings.ReadAheadBytes < 1 || settings.ReadBatch < 1 || settings.SnapshotEvery < 1
            || settings.PollInterval <= TimeSpan.Zero || settings.ExpiryCheckInterval <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"{ConfigPath}: every setting must be positive.");
        }

        return settings;
    }
}
