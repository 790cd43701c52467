using Messages.Groups;

namespace Cluster.Node.Groups;

/// <summary>The rules that keep the ledger's collections in step with each other, in one place.</summary>
internal sealed partial class GroupLedger
{
    /// <summary>
    /// Each rule that does not hold now, by its description; empty when the ledger is consistent.
    /// Specs check it after every operation; it walks everything, so the product never calls it.
    /// </summary>
    internal IReadOnlyList<string> BrokenInvariants()
    {
        var broken = new List<string>();
        void Check(bool holds, string rule)
        {
            if (!holds)
            {
                broken.Add(rule);
            }
        }

        var outOffsets = _out.Values.Select(d => d.Event.Offset).ToList();
        var held = _waiting.Keys.Concat(outOffsets).ToList();
        Check(held.Count == held.Distinct().Count(), "an event is waiting or out, never both and never twice");
        Check(_out.All(pair => pair.Key == pair.Value.Id && pair.Value.Id == Delivery.IdOf(pair.Value.Event.Offset, pair.Value.Attempt)), "a delivery is filed under the id of its event and attempt");
        Check(_unsettled.SetEquals(held.Where(offset => !_replays.Contains(offset))), "the unsettled events are exactly those waiting or out that are not replays");
        Check(_replays.IsSubsetOf(held), "a replay is waiting or out until it is settled");
        Check(_replays.Count <= settings.ReadAhead, "no more replays are held than the read-ahead");
        Check(_unsettled.IsSubsetOf(_readAboveCheckpoint), "an unsettled event was read above the checkpoint");
        Check(_readAboveCheckpoint.All(offset => offset > Checkpoint && offset <= ReadPosition), "what was read above the checkpoint lies after it and up to the read position");
        Check(_readAboveCheckpoint.Count == 0 || _unsettled.Contains(_readAboveCheckpoint.Min), "the checkpoint stands just before the first unsettled event");
        Check(HeldBytes == _waiting.Values.Sum(w => SizeOf(w.Event)) + _out.Values.Sum(d => SizeOf(d.Event)), "the bytes held are the payloads waiting and out");
        Check(_out.Values.All(d => _roster.Members.Contains(d.Member)), "every delivery out is with a member");
        Check(_roster.Members.All(m => _roster.HeldBy(m) == _out.Values.Count(d => d.Member == m)), "a member's count is the deliveries out with it");
        Check(_roster.Members.All(m => _roster.HeldBy(m) <= _roster.LimitOf(m)), "no member holds more than its limit");
        if (settings.Ordering == GroupOrdering.Stream)
        {
            var streamsOut = _out.Values.Select(d => d.Event.Stream).ToList();
            Check(streamsOut.Count == streamsOut.Distinct().Count(), "with ordering per stream, one event of a stream is out at a time");
            Check(_streamsOut.SetEquals(streamsOut), "the streams marked out are those of the deliveries out");
        }
        else
        {
            Check(_streamsOut.Count == 0 && _streamsParking.Count == 0, "without ordering per stream no stream is held back");
        }

        return broken;
    }
}
