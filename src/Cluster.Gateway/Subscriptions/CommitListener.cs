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
    }
}

/// <summary>Wiring of the commit listener, shared by the gateway host and the tests.</summary>
internal static class CommitListenerHosting
{
    public static AkkaConfigurationBuilder WithCommitListener(this AkkaConfigurationBuilder builder, CommitSignals signals) =>
        builder.WithActors((system, _) => system.ActorOf(Props.Create(() => new CommitListener(signals)), "commit-listener"));
}
