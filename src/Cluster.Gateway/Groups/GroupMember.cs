using System.Threading.Channels;
using Akka.Actor;
using Messages.Groups;

namespace Cluster.Gateway.Groups;

/// <summary>
/// One connected member of a consumer group (one SSE response): receives the group's deliveries
/// and hands them to the response through a bounded channel. The group never has more than
/// <c>max-in-flight-per-member</c> deliveries out with a member, so the channel only fills when the
/// client stops reading while its deliveries time out and new ones arrive: then the subscription
/// ends (the group redelivers what this member held to the others) instead of buffering more.
/// </summary>
public sealed class GroupMember : ReceiveActor
{
    public GroupMember(ChannelWriter<GroupDelivery> deliveries)
    {
        Receive<GroupDelivery>(delivery =>
        {
            if (!deliveries.TryWrite(delivery))
            {
                deliveries.TryComplete(new InvalidOperationException("The member did not read its deliveries; subscription closed."));
                Context.Stop(Self);
            }
        });
        Receive<GroupRemoved>(_ =>
        {
            deliveries.TryComplete();
            Context.Stop(Self);
        });
    }

    /// <summary>Room for twice the deliveries a member may hold: redeliveries after a timeout may overlap older ones.</summary>
    public static Channel<GroupDelivery> CreateChannel(int maxInFlight) =>
        Channel.CreateBounded<GroupDelivery>(new BoundedChannelOptions(2 * maxInFlight)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
}
