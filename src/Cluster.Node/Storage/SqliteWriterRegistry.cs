using System.Collections.Concurrent;
using Akka.Actor;

namespace Cluster.Node.Storage;

/// <summary>
/// The running journal writer of each SQLite database of an ActorSystem, by connection string, so the
/// snapshot store commits through the journal's one writer instead of taking SQLite's write lock from
/// it (<see cref="SqliteSnapshotStore"/>). The journal registers its writer once it runs and removes
/// it when it stops.
/// </summary>
public sealed class SqliteWriterRegistry : IExtension
{
    private readonly ConcurrentDictionary<string, JournalBatchWriter> _writers = new(StringComparer.Ordinal);

    public static SqliteWriterRegistry Get(ActorSystem system) => system.WithExtension<SqliteWriterRegistry, Provider>();

    public void Register(string connectionString, JournalBatchWriter writer) => _writers[connectionString] = writer;

    public void Unregister(string connectionString, JournalBatchWriter writer) =>
        _writers.TryRemove(new KeyValuePair<string, JournalBatchWriter>(connectionString, writer));

    /// <summary>The writer of the database, or null while no journal on it runs.</summary>
    public JournalBatchWriter? For(string connectionString) => _writers.GetValueOrDefault(connectionString);

    private sealed class Provider : ExtensionIdProvider<SqliteWriterRegistry>
    {
        public override SqliteWriterRegistry CreateExtension(ExtendedActorSystem system) => new();
    }
}
