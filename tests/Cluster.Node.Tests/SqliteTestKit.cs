using Akka.Actor;
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
