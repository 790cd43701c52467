using Akka.Configuration;

namespace Cluster.Node.Storage;

/// <summary>Turns <see cref="StorageOptions"/> into the connection settings of the three persistence plugins.</summary>
public static class PersistenceHocon
{
    public static Config ConnectionSettings(JournalStore store)
    {
        var quoted = Quote(store.ConnectionString);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.sql.connection-string = {{quoted}}
            akka.persistence.query.journal.sql.connection-string = {{quoted}}
            akka.persistence.snapshot-store.sql.connection-string = {{quoted}}
            akka.persistence.journal.sql { {{store.JournalSettings}} }
            """);
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
