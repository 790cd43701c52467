using Akka.Actor;
using Cluster.Node.Streams;
using Messages.Streams;
using Xunit.Abstractions;
using static Cluster.Node.Tests.Streams.TestEvents;

namespace Cluster.Node.Tests.Streams;

/// <summary>A hot stream with room for only two waiting appends: the rest are refused at once, and nothing refused is stored.</summary>
public sealed class StreamBackpressureSpecs : SqliteTestKit
{

    public StreamBackpressureSpecs(ITestOutputHelper output)
        : base("stream-backpressure-specs", output)
    {
    }

    [Fact]
    public void Appends_beyond_the_queue_are_answered_overloaded_and_not_stored()
    {
        var settings = StreamEntitySettings.From(Sys.Settings.Config) with { MaxQueuedAppends = 2 };
        var entity = Sys.ActorOf(StreamEntity.Props("hot-1", settings, CreateTestProbe().Ref, Lifecycle));
        for (var i = 0; i < 20; i++)
        {
            entity.Tell(Append("hot-1", ExpectedVersion.Any, Events(10)), TestActor);
        }

        var replies = Enumerable.Range(0, 20).Select(_ => ExpectMsg<IAppendReply>(Patience)).ToList();
        var appended = replies.OfType<EventsAppended>().ToList();
        Assert.Contains(replies, r => r is StreamOverloaded);
        Assert.All(replies, r => Assert.True(r is EventsAppended or StreamOverloaded, r.GetType().Name));
        Assert.True(appended.Count >= 3, $"Only {appended.Count} appends were accepted.");
        Assert.Equal(appended.Count * 10, StoredEvents("hot-1").Count);
        Assert.Equal(Enumerable.Range(0, appended.Count).Select(i => (long)(i * 10) + 1), appended.Select(a => a.FirstSequence).Order());
    }
}
