using Akka.Configuration;

namespace Cluster.Node.Hosting;

/// <summary>
/// Loads the HOCON files under hocon/ (copied next to the binaries) in a fixed order. Each file owns
/// one concern; a later file wins where two set the same key.
/// </summary>
public static class HoconFiles
{
    /// <summary>The load order; later entries take precedence.</summary>
    public static readonly IReadOnlyList<string> Order =
    [
        "serialization.conf",
        "cluster.conf",
        "sharding.conf",
        "streams.conf",
        "persistence-sqlite.conf",
    ];

    public static Config Load(string? directory = null)
    {
        directory ??= Path.Combine(AppContext.BaseDirectory, "hocon");
        var config = Config.Empty;
        foreach (var file in Order)
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"HOCON file {file} is missing from {directory}.", path);
            }

            config = ConfigurationFactory.ParseString(File.ReadAllText(path)).WithFallback(config);
        }

        return config;
    }
}
