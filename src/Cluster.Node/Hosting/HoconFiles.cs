using Akka.Configuration;

namespace Cluster.Node.Hosting;

/// <summary>
/// Loads the HOCON files under hocon/ (copied next to the binaries) in a fixed order. Each file owns
/// one concern; a later file wins where two set the same key.
/// </summary>
public static class HoconFiles
{
    /// <summary>The load order; later entries take precedence. The persistence file comes last.</summary>
    public static readonly IReadOnlyList<string> Order =
    [
        "serialization.conf",
        "cluster.conf",
        "bootstrap.conf",
        "sharding.conf",
        "streams.conf",
        "groups.conf",
    ];

    /// <param name="persistenceFile">The store's file (<see cref="Storage.JournalStore.HoconFile"/>).</param>
    public static Config Load(string persistenceFile = "persistence-sqlite.conf", string? directory = null)
    {
        directory ??= Path.Combine(AppContext.BaseDirectory, "hocon");
        var config = Config.Empty;
        foreach (var file in Order.Append(persistenceFile))
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
