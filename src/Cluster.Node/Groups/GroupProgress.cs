using Akka.Persistence;
using Messages.Groups;

namespace Cluster.Node.Groups;

/// <summary>
/// What a group entity writes as it makes progress, and how its journal stays short: the journal
/// events of a settlement (resolved replays, parked events, the checkpoint when it moved), a
/// snapshot every <see cref="GroupEntitySettings.SnapshotEvery"/> events, and, after a snapshot
/// taken while nothing parked was unresolved, the journal up to it deleted (it is then needed
/// neither for recovery nor for the parked list).
/// </summary>
internal sealed class GroupProgress(int snapshotEvery)
{
    private long _persistedCheckpoint;
    private int _eventsSinceSnapshot;
    private long? _trimAfterSnapshot;

    /// <summary>The checkpoint in the journal; set when the group is (re)activated.</summary>
    public void Recovered(long checkpoint) => _persistedCheckpoint = checkpoint;

    /// <summary>The journal events for a settlement; empty when nothing durable changed.</summary>
    public List<object> EventsFor(IReadOnlyList<ParkedEvent> parked, IReadOnlyList<long> resolved, GroupLedger? ledger)
    {
        var events = new List<object>(parked.Count + resolved.Count + 1);
        events.AddRange(resolved.Select(offset => new GroupParkedResolved(offset)));
        events.AddRange(parked.Select(p => new GroupEventParked(p.Event.Stream, p.Event.Sequence, p.Event.Offset, p.Deliveries, p.Reason, p.Again)));
        if (ledger is not null && ledger.Checkpoint > _persistedCheckpoint)
        {
            _persistedCheckpoint = ledger.Checkpoint;
            events.Add(new GroupCheckpointed(ledger.Checkpoint));
        }

        return events;
    }

    /// <summary>One event is in the journal: the snapshot to take now, if it is time.</summary>
    public GroupSnapshot? SnapshotDue(GroupState state, long lastSequenceNr)
    {
        if (++_eventsSinceSnapshot < snapshotEvery || !state.Exists)
        {
            return null;
        }

        _eventsSinceSnapshot = 0;
        _trimAfterSnapshot = state.Parked == 0 ? lastSequenceNr : null;
        return state.ToSnapshot();
    }

    /// <summary>A snapshot was saved: the older snapshots go, and the journal up to it when nothing parked was open.</summary>
    public void Saved(SaveSnapshotSuccess success, Action<SnapshotSelectionCriteria> deleteSnapshots, Action<long> deleteMessages)
    {
        deleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
        if (_trimAfterSnapshot == success.Metadata.SequenceNr)
        {
            deleteMessages(success.Metadata.SequenceNr);
        }
    }
}
