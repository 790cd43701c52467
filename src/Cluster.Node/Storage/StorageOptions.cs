namespace Cluster.Node.Storage;

/// <summary>
/// Where events are stored, bound from the <c>Storage</c> configuration section
/// (environment: <c>Storage__ConnectionString</c>).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>SQLite connection string; the folder of its data source is created at start.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/events.db";
}
