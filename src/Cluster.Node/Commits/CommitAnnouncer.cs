using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Messages.Streams;

namespace Cluster.Node.Commits;

/// <summary>
/// Relays each entity's <see cref="StreamCommitted"/> to every node's subscribers through
/// DistributedPubSub, so live subscriptions on any gateway wake at once.
/// </summary>
public sealed class CommitAnnouncer : ReceiveActor
{
    /// <summary>The DistributedPubSub topic carrying commit announcements.</summary>
    public const string Topic = "event-cluster.commits";

    public CommitAnnouncer()
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        Receive<StreamCommitted>(committed => mediator.Tell(new Publish(Topic, committed)));
    }
}
