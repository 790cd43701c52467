using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Cluster.Node.Commits;
using Cluster.Node.Streams;
using Messages.Streams;

namespace Cluster.Gateway.Subscriptions;

/// <summary>
/// Holds the gateway's readiness until the commit announcements of every node reach it.
/// DistributedPubSub spreads a new subscription by gossip, so for a few seconds after a gateway
/// joins, a node's mediator does not know the gateway's <see cref="CommitListener"/> yet and its
/// announcements skip the gateway: live subscriptions would wake only at the poll fallback.
/// Every <see cref="Interval"/> this actor asks each reachable Up node not heard from yet to answer
/// on the announcements' own topic; once every one has answered, the gateway is ready and the actor stops.
/// </summary>
/// <remarks>
/// Nodes that join later are not waited for: the gateway is ready by then, and until their
/// mediators learn of it, their commits reach the gateway's subscriptions at the poll fallback.
/// </remarks>
internal sealed class CommitFeedProber : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly HashSet<Address> _heard = [];

    public CommitFeedProber(CommitFeedReadiness readiness)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(CommitAnnouncer.Topic, Self));
        Receive<SubscribeAck>(_ => Timers!.StartPeriodicTimer(nameof(Probe), Probe.Instance, TimeSpan.Zero, Interval));
        Receive<CommitFeedReached>(reached => _heard.Add(Address.Parse(reached.Node)));
        Receive<StreamsCommitted>(_ => { });
        Receive<Probe>(_ =>
        {
            // An unreachable node cannot answer; waiting for it would hold a starting gateway
            // back until the split brain resolver removes it.
            var state = cluster.State;
            var nodes = state.Members
                .Where(m => m.Status == MemberStatus.Up && m.HasRole(StreamSharding.NodeRole) && !state.Unreachable.Contains(m))
                .Select(m => m.Address)
                .ToList();
            var unheard = nodes.Where(node => !_heard.Contains(node)).ToList();
            if (nodes.Count > 0 && unheard.Count == 0)
            {
                readiness.MarkReached();
                Context.Stop(Self);
                return;
            }

            foreach (var node in unheard)
            {
                Context.ActorSelection(new RootActorPath(node) / "user" / CommitAnnouncer.ActorName).Tell(ProbeCommitFeed.Instance);
            }
        });
    }

    public ITimerScheduler? Timers { get; set; }

    private sealed class Probe : INoSerializationVerificationNeeded
    {
        public static readonly Probe Instance = new();
    }
}
