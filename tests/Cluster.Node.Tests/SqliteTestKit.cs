using Xunit.Abstractions;

using Cluster.Tests.Shared;

namespace Cluster.Node.Tests;

/// <summary>A TestKit whose ActorSystem runs the project's HOCON over its own throw-away SQLite file.</summary>
public abstract class SqliteTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected static readonly TimeSpan Patience = SpecTimes.Patience;

    protected SqliteTestKit(string systemName, ITestOutputHelper output, int snapshotEvery = 1000)
        : this(new TempDatabase(), systemName, output, snapshotEvery)
    {
    }

    private SqliteTestKit(TempDatabase database, string systemName, ITestOutputHelper output, int snapshotEvery)
        : base(NodeTestConfig.ForEntities(database.ConnectionString, snapshotEvery), systemName, output)
    {
        Database = database;
    }

    protected TempDatabase Database { get; }

    // After the ActorSystem (and with it the journal's connection) is gone.
    protected override void AfterAll()
    {
        base.AfterAll();
        Database.Dispose();
    }
}
