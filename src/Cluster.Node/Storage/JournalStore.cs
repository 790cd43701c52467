using System.Data.Common;

namespace Cluster.Node.Storage;

/// <summary>
/// What differs between the supported databases: the persistence HOCON, how to prepare the database
/// before the journal opens it, how to connect for the project's own reads, and the read schema
/// (indexes and the like) the node adds next to the plugin's tables at start.
/// </summary>
public abstract class JournalStore(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>The provider and the connection string without any password, for logs.</summary>
    public string Describe()
    {
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ConnectionString };
        foreach (var secret in new[] { "Password", "Pwd" })
        {
            builder.Remove(secret);
        }

        return $"{GetType().Name.Replace("Store", "", StringComparison.Ordinal)} ({builder.ConnectionString})";
    }

    /// <summary>The HOCON file (under hocon/) configuring Akka.Persistence.Sql for this database.</summary>
    public abstract string HoconFile { get; }

    public static JournalStore Create(StorageOptions options) => options.Provider switch
    {
        StorageProvider.Sqlite => new SqliteStore(options.EffectiveConnectionString, options.Synchronous),
        StorageProvider.PostgreSql => new PostgresStore(options.EffectiveConnectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown storage provider."),
    };

    /// <summary>Journal plugin settings this database adds (HOCON inside <c>akka.persistence.journal.sql</c>).</summary>
    public virtual string JournalSettings => string.Empty;

    /// <summary>An ActorSystem setup the persistence plugins need beyond their HOCON, if any.</summary>
    public virtual Akka.Actor.Setup.Setup? PluginSetup => null;

    /// <summary>Runs before the ActorSystem starts.</summary>
    public abstract void Prepare();

    public abstract DbConnection CreateConnection();

    /// <summary>A new connection, open: the project's own queries each use one and dispose it (the providers pool them).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>The project's own tables beside the journal (portable DDL): stream deletes, retention settings, the scavenge's lease.</summary>
    public static readonly IReadOnlyList<string> ProjectTables =
        [StreamLifecycleTable.Schema, Reads.RetentionSettingsTable.Schema, Scavenging.ScavengeState.Schema];

    /// <summary>Idempotent statements run once the plugin has created its tables.</summary>
    public abstract IReadOnlyList<string> ReadSchema { get; }

    /// <summary>
    /// Taken (on one connection) while a node creates the plugin's tables and the read schema, so
    /// nodes starting together do not race each other's CREATE statements; null where not needed.
    /// </summary>
    public virtual string? SchemaLock => null;

    /// <summary>Releases <see cref="SchemaLock"/>.</summary>
    public virtual string? SchemaUnlock => null;
}
