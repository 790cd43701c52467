using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Messages.Streams;

namespace Cluster.Node.Commits;

/// <summary>
/// Relays the entities' <see cref="StreamCommitted"/> to every node's subscribers through
/// DistributedPubSub, so live subscriptions on any gateway wake at once.
/// </summary>
/// <remarks>
/// Commits are published in runs (<see cref="StreamsCommitted"/>): the first commit after a quiet
/// moment queues a flush behind itself in this actor's own mailbox, and every commit that arrived
/// before the flush is processed goes out with it. No timer and no added wait: a lone commit is
/// published as soon as the mailbox reaches it, and under load one publication (one mediator, topic
/// and subscriber delivery each) carries many commits instead of one each. At most
/// <see cref="MaxRun"/> commits wait here.
/// A gateway starting up probes this actor (<see cref="ProbeCommitFeed"/>); the answer goes out on
/// the same topic, so it reaches the gateway only once this node's mediator knows its subscription.
/// </remarks>
public sealed class CommitAnnouncer : ReceiveActor
{
    /// <summary>The DistributedPubSub topic carrying commit announcements.</summary>
    public const string Topic = "event-cluster.commits";

    /// <summary>The announcer's name under <c>/user</c> on every node (gateways probe it there).</summary>
    public const string ActorName = "commit-announcer";

    /// <summary>Most commits one publication carries.</summary>
    public const int MaxRun = 1000;

    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;
    private readonly List<StreamCommitted> _run = [];
    private bool _flushQueued;

    public CommitAnnouncer()
    {
        Receive<StreamCommitted>(committed =>
        {
            _run.Add(committed);
            if (_run.Count >= MaxRun)
            {
                Flush();
            }
            else if (!_flushQueued)
            {
                _flushQueued = true;
                Self.Tell(FlushRun.Instance);
            }
        });
        Receive<FlushRun>(_ =>
        {
            _flushQueued = false;
            Flush();
        });
        Receive<ProbeCommitFeed>(_ =>
            _mediator.Tell(new Publish(Topic, new CommitFeedReached(Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString()))));
    }

    private void Flush()
    {
        if (_run.Count > 0)
        {
            _mediator.Tell(new Publish(Topic, new StreamsCommitted([.. _run])));
            _run.Clear();
        }
    }

    /// <summary>Publish what has gathered (sent to self only).</summary>
    private sealed class FlushRun : INoSerializationVerificationNeeded
    {
        public static readonly FlushRun Instance = new();
    }
}
