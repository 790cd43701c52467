using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Cluster.Node.Commits;
using Messages.Streams;

namespace Cluster.Gateway.Subscriptions;

/// <summary>Receives every node's commit announcements and wakes the local subscriptions they concern.</summary>
internal sealed class CommitListener : ReceiveActor
{
    public CommitListener(CommitSignals signals)
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(CommitAnnouncer.Topic, Self));
        Receive<SubscribeAck>(_ => { });
        Receive<StreamsCommitted>(run =>
        {
            foreach (var committed in run.Commits)
            {
                signals.Signal(CommitSignals.StreamKey(committed.Stream));
                signals.Signal(CommitSignals.TopicKey(committed.Topic));
            }

            signals.Signal(CommitSignals.TopicKey(StreamNames.AllTopic));
        });
        Receive<CommitFeedReached>(_ => { }); // for the CommitFeedProber, on the same topic
    }
}

/// <summary>Wiring of the commit listener and of the probe that holds readiness until every node's announcements reach it.</summary>
internal static class CommitListenerHosting
{
    public static AkkaConfigurationBuilder WithCommitListener(this AkkaConfigurationBuilder builder, CommitSignals signals, CommitFeedReadiness readiness) =>
        builder.WithActors((system, _) =>
        {
            system.ActorOf(Props.Create(() => new CommitListener(signals)), "commit-listener");
            system.ActorOf(Props.Create(() => new CommitFeedProber(readiness)), "commit-feed-prober");
        });
}
