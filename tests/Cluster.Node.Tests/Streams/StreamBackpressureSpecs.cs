using Akka.Actor;
using Cluster.Node.Streams;
using Messages.Streams;
using Xunit.Abstractions;
using static Cluster.Node.Tests.Streams.TestEvents;

namespace Cluster.Node.Tests.Streams;

/// <summary>A hot stream with room for only two waiting appends: the rest are refused at once, and nothing refused is stored.</summary>
public sealed class StreamBackpressureSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly TempDatabase _database;

    public StreamBackpressureSpecs(ITestOutputHelper output)
        : this(new TempDatabase(), output)
    {
    }

    private StreamBackpressureSpecs(TempDatabase database, ITestOutputHelper output)
        : base(NodeTestConfig.ForEntities(database.ConnectionString), "stream-backpressure-specs", output)
    {
        _database = database;
    }

    [Fact]
    public void Appends_beyond_the_queue_are_answered_overloaded_and_not_stored()
    {
        var settings = StreamEntitySettings.From(Sys.Settings.Config) with { MaxQueuedAppends = 2 };
        var entity = Sys.ActorOf(StreamEntity.Props("hot-1", settings, CreateTestProbe().Ref));
        for (var i = 0; i < 20; i++)
        {
            entity.Tell(Append("hot-1", ExpectedVersion.Any, Events(10)), TestActor);
        }

        var replies = Enumerable.Range(0, 20).Select(_ => ExpectMsg<IAppendReply>(Patience)).ToList();
        var appended = replies.OfType<EventsAppended>().ToList();
        Assert.Contains(replies, r => r is StreamOverloaded);
        Assert.All(replies, r => Assert.True(r is EventsAppended or StreamOverloaded, r.GetType().Name));
        Assert.True(appended.Count >= 3, $"Only {appended.Count} appends were accepted.");
        Assert.Equal(appended.Count * 10, _database.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'hot-1'"));
        Assert.Equal(Enumerable.Range(0, appended.Count).Select(i => (long)(i * 10) + 1), appended.Select(a => a.FirstSequence).Order());
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _database.Dispose();
    }
}
