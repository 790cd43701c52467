using Akka.Actor;
using Akka.Persistence;
using Cluster.Node.Reads;
using Cluster.Node.Storage;
using Cluster.Tests.Shared;
using Xunit.Abstractions;

namespace Cluster.Node.Tests;

/// <summary>A TestKit whose ActorSystem runs the project's HOCON over its own throw-away SQLite file.</summary>
public abstract class SqliteTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected static readonly TimeSpan Patience = SpecTimes.Patience;

    /// <param name="hocon">Settings of the spec's own, over the project's (e.g. shorter intervals).</param>
    protected SqliteTestKit(string systemName, ITestOutputHelper output, int snapshotEvery = 1000, string hocon = "")
        : this(new TempDatabase(), systemName, output, snapshotEvery, hocon)
    {
    }

    private SqliteTestKit(TempDatabase database, string systemName, ITestOutputHelper output, int snapshotEvery, string hocon)
        : base(
            Akka.Configuration.ConfigurationFactory.ParseString(hocon).WithFallback(NodeTestConfig.ForEntities(database.ConnectionString, snapshotEvery)),
            systemName,
            output)
    {
        Database = database;
    }

    protected TempDatabase Database { get; }

    /// <summary>The stream deletes and truncations of this spec's database.</summary>
    protected StreamLifecycleTable Lifecycle => field ??= new StreamLifecycleTable(Database.Store);

    /// <summary>Reads the journal back the way the product reads it.</summary>
    protected JournalReader Reader => field ??= new JournalReader(Database.Store, Sys);

    /// <summary>Every stored event of a stream, in order.</summary>
    protected IReadOnlyList<StoredEvent> StoredEvents(string stream) =>
        Reader.ReadStreamAsync(stream, 1, int.MaxValue, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Every stored event of a topic (found by its tag), in offset order.</summary>
    protected IReadOnlyList<StoredEvent> TopicEvents(string topic) =>
        Reader.ReadTopicAsync(topic, 0, int.MaxValue, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The journal events of any persistent actor, deserialized, in order.</summary>
    protected IReadOnlyList<object> JournalOf(string persistenceId) =>
        Reader.ReadJournalAsync(persistenceId, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The newest snapshot at or below <paramref name="maxSequenceNr"/>, as the snapshot store gives it to a recovering actor; null when there is none.</summary>
    protected SelectedSnapshot? Snapshot(string persistenceId, long maxSequenceNr = long.MaxValue) =>
        Persistence.Instance.Apply(Sys).SnapshotStoreFor(null)
            .Ask<LoadSnapshotResult>(new LoadSnapshot(persistenceId, new SnapshotSelectionCriteria(maxSequenceNr), long.MaxValue), Patience)
            .GetAwaiter().GetResult().Snapshot;

    /// <summary>The message as it arrives after crossing a process: specs send and receive what survives the project serializer.</summary>
    protected object RoundTrip(object message) => WireRoundTrip.Of(Sys, message);

    /// <summary>Stops an actor and waits until it is gone.</summary>
    protected void Stop(IActorRef actor)
    {
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor, Patience);
    }

    // After the ActorSystem (and with it the journal's connection) is gone.
    protected override void AfterAll()
    {
        base.AfterAll();
        Database.Dispose();
    }
}
