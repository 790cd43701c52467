using Akka.Configuration;
using Akka.Persistence.Sql;
using Cluster.Node.Hosting;
using Cluster.Node.Storage;

namespace Cluster.Node.Tests;

/// <summary>
/// The project's HOCON on a local (non-cluster) ActorSystem over a temp SQLite file.
/// serialize-messages stays off here: Akka.Persistence.Sql's own internal messages (e.g. WriteFinished,
/// which carries a Task) are not serializable. The specs round-trip every command and reply of ours
/// through the project serializer explicitly instead (<see cref="Streams.StreamEntitySpecs"/>).
/// </summary>
public static class NodeTestConfig
{
    public static Config ForEntities(string connectionString, int snapshotEvery = 1000, int idempotencyWindow = 10000) =>
        ConfigurationFactory.ParseString($"""
                akka.actor.provider = local
                akka.loglevel = INFO
                event-cluster.streams.snapshot-every = {snapshotEvery}
                event-cluster.streams.idempotency-window = {idempotencyWindow}
                """)
            .WithFallback(PersistenceHocon.ConnectionSettings(new SqliteStore(connectionString)))
            .WithFallback(HoconFiles.Load())
            .WithFallback(SqlPersistence.DefaultConfiguration);
}
