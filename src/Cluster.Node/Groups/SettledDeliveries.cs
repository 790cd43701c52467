using Messages.Groups;

namespace Cluster.Node.Groups;

/// <summary>
/// What an ack or nack of several deliveries did to the ledger: the ids it did not know, the events
/// it parked (a nack on the last try) and the parked events it resolved (a replayed one acked).
/// </summary>
internal sealed record SettledDeliveries(IReadOnlyList<string> Unknown, IReadOnlyList<ParkedEvent> Parked, IReadOnlyList<long> Resolved)
{
    /// <param name="notBefore">For a nack: not handed out again before this time, when given.</param>
    public static SettledDeliveries Apply(GroupLedger ledger, SettleDeliveries settle, DateTimeOffset? notBefore)
    {
        var unknown = new List<string>();
        var parked = new List<ParkedEvent>();
        var resolved = new List<long>();
        foreach (var id in settle.DeliveryIds)
        {
            ParkedEvent? parkedNow = null;
            Reads.StoredEvent? replayed = null;
            var known = settle.Ack ? ledger.Ack(id, out replayed) : ledger.Nack(id, out parkedNow, notBefore);
            if (!known)
            {
                unknown.Add(id);
            }
            else if (parkedNow is not null)
            {
                parked.Add(parkedNow);
            }
            else if (replayed is not null)
            {
                resolved.Add(replayed.Offset);
            }
        }

        return new SettledDeliveries(unknown, parked, resolved);
    }
}
