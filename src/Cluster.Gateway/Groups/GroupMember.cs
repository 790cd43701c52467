using System.Threading.Channels;
using Akka.Actor;
using Messages.Groups;

namespace Cluster.Gateway.Groups;

/// <summary>
/// One connected member of a consumer group (one SSE response). It joins the group itself and
/// watches the group's entity: when that entity stops (its node failed, or it was passivated or
/// moved) the member joins again, which brings the group up wherever sharding now places it.
/// Deliveries go to the response through a bounded channel. The group never has more than
/// <c>max-in-flight-per-member</c> deliveries out with a member, so the channel only fills when the
/// client stops reading while its deliveries time out and new ones arrive: then the subscription
/// ends (the group redelivers what this member held) instead of buffering more.
/// </summary>
internal sealed class GroupMember : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RejoinInterval = TimeSpan.FromSeconds(1);
    private readonly string _topic;
    private readonly string _group;
    private readonly IActorRef _region;
    private readonly ChannelWriter<GroupDelivery> _deliveries;
    private readonly TaskCompletionSource<object> _firstJoin;

    /// <param name="firstJoin">Completed with the answer to the first join: <see cref="GroupJoined"/> or <see cref="GroupNotFound"/>.</param>
    public GroupMember(string topic, string group, IActorRef region, ChannelWriter<GroupDelivery> deliveries, TaskCompletionSource<object> firstJoin)
    {
        _topic = topic;
        _group = group;
        _region = region;
        _deliveries = deliveries;
        _firstJoin = firstJoin;

        Receive<GroupJoined>(joined =>
        {
            Timers.Cancel(nameof(Rejoin));
            Context.Watch(Sender);
            _firstJoin.TrySetResult(joined);
        });
        Receive<GroupNotFound>(notFound =>
        {
            // Deleted while this member was away from it: nothing more will come.
            _firstJoin.TrySetResult(notFound);
            Finish(null);
        });
        Receive<Terminated>(_ => Join());
        Receive<Rejoin>(_ => _region.Tell(new JoinGroup(_topic, _group, Self)));
        Receive<GroupDelivery>(delivery =>
        {
            if (!_deliveries.TryWrite(delivery))
            {
                Finish(new InvalidOperationException("The member did not read its deliveries; subscription closed."));
            }
        });
        Receive<GroupRemoved>(_ => Finish(null));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Room for twice the deliveries a member may hold: redeliveries after a timeout may overlap older ones.</summary>
    public static Channel<GroupDelivery> CreateChannel(int maxInFlight) =>
        Channel.CreateBounded<GroupDelivery>(new BoundedChannelOptions(2 * maxInFlight)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });

    protected override void PreStart() => Join();

    protected override void PostStop()
    {
        _firstJoin.TrySetCanceled();
        _deliveries.TryComplete();
    }

    /// <summary>Asks to join now and every second until the group answers (the region buffers meanwhile).</summary>
    private void Join()
    {
        _region.Tell(new JoinGroup(_topic, _group, Self));
        Timers.StartPeriodicTimer(nameof(Rejoin), Rejoin.Instance, RejoinInterval);
    }

    private void Finish(Exception? error)
    {
        _deliveries.TryComplete(error);
        Context.Stop(Self);
    }

    private sealed class Rejoin
    {
        public static readonly Rejoin Instance = new();
    }
}
