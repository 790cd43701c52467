namespace Cluster.Node.Storage;

/// <summary>Which database holds the journal.</summary>
public enum StorageProvider
{
    /// <summary>Embedded SQLite file: the single-process default.</summary>
    Sqlite,

    /// <summary>PostgreSQL: the store of a multi-node cluster.</summary>
    PostgreSql,
}

/// <summary>
/// Where events are stored, bound from the <c>Storage</c> configuration section
/// (environment: <c>Storage__Provider</c>, <c>Storage__ConnectionString</c>).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string DefaultSqliteConnectionString = "Data Source=data/events.db";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite only: <c>Full</c> (default, survives power loss) or <c>Normal</c> (survives a process crash).</summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>The provider's connection string; SQLite defaults to <see cref="DefaultSqliteConnectionString"/>.</summary>
    public string? ConnectionString { get; set; }

    public string EffectiveConnectionString => Provider switch
    {
        StorageProvider.Sqlite => string.IsNullOrWhiteSpace(ConnectionString) ? DefaultSqliteConnectionString : ConnectionString,
        _ => string.IsNullOrWhiteSpace(ConnectionString)
            ? throw new InvalidOperationException("Storage:ConnectionString is required for PostgreSQL (environment Storage__ConnectionString).")
            : ConnectionString,
    };
}
