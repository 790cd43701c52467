using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Streams;
using Akka.Streams.Dsl;
using Cluster.Node.Commits;
using Messages.Streams;

namespace Cluster.Gateway.Stats;

/// <summary>
/// Live topic statistics of the whole cluster, as seen by this process: every node announces its
/// commits (with the event types) over DistributedPubSub; an Akka.Streams flow takes them from a
/// bounded buffer (the oldest are dropped if this process cannot keep up, never memory), groups
/// them in batches and counts them into <see cref="TopicWindows"/> by the second they arrived.
/// </summary>
internal sealed class TopicStats
{
    /// <summary>Runs of announcements (<see cref="StreamsCommitted"/>) waiting to be counted at most; past that the oldest are dropped.</summary>
    public const int BufferSize = 1_000;

    private readonly TopicWindows _windows = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;

    public TopicStats(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    public TopicWindowStats Query(string topic, int windowSeconds)
    {
        lock (_gate)
        {
            return _windows.Query(topic, windowSeconds, Now());
        }
    }

    /// <summary>
    /// The topics with events in the last <paramref name="windowSeconds"/>, busiest first (without
    /// <c>$all</c>), of those <paramref name="visible"/> lets through (all by default).
    /// </summary>
    public IReadOnlyList<TopicWindowStats> Busiest(int windowSeconds, int count, Func<string, bool>? visible = null)
    {
        lock (_gate)
        {
            var now = Now();
            return _windows.Topics
                .Where(t => t != StreamNames.AllTopic && (visible is null || visible(t)))
                .Select(t => _windows.Query(t, windowSeconds, now))
                .Where(s => s.Events > 0)
                .OrderByDescending(s => s.Events)
                .ThenBy(s => s.Topic, StringComparer.Ordinal)
                .Take(count)
                .ToList();
        }
    }

    public void Record(IEnumerable<StreamCommitted> commits)
    {
        lock (_gate)
        {
            var second = Now();
            foreach (var commit in commits)
            {
                _windows.Record(commit.Topic, commit.Stream, commit.Types, second);
                _windows.Record(StreamNames.AllTopic, commit.Stream, commit.Types, second);
            }
        }
    }

    private long Now() => _clock.GetUtcNow().ToUnixTimeSeconds();
}

/// <summary>Subscribes to the commit announcements and hands them to the statistics flow.</summary>
internal sealed class TopicStatsFeeder : ReceiveActor
{
    public TopicStatsFeeder(IActorRef flow)
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(CommitAnnouncer.Topic, Self));
        Receive<SubscribeAck>(_ => { });
        Receive<StreamsCommitted>(run => flow.Tell(run));
        Receive<CommitFeedReached>(_ => { }); // a gateway's start-up probe, on the same topic
    }
}

/// <summary>Wiring of the statistics flow, for processes that answer <c>/topics/{topic}/stats</c>.</summary>
internal static class TopicStatsHosting
{
    public static AkkaConfigurationBuilder WithTopicStats(this AkkaConfigurationBuilder builder, TopicStats stats) =>
        builder.WithActors((system, _) =>
        {
            var flow = Source.ActorRef<StreamsCommitted>(TopicStats.BufferSize, OverflowStrategy.DropHead)
                .GroupedWithin(1_000, TimeSpan.FromMilliseconds(100))
                .To(Sink.ForEach<IEnumerable<StreamsCommitted>>(runs => stats.Record(runs.SelectMany(r => r.Commits))))
                .Run(system.Materializer());
            system.ActorOf(Props.Create(() => new TopicStatsFeeder(flow)), "topic-stats-feeder");
        });
}
