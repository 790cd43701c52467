using Akka.Actor;
using Akka.Persistence;

namespace Cluster.Node.Tests.Storage;

/// <summary>A persistent actor for snapshot store specs: persists events, saves and deletes snapshots on command, and reports every answer of the snapshot store (and the snapshot it recovered from).</summary>
internal sealed class SnapshotTaker : UntypedPersistentActor
{
    private readonly IActorRef _reportTo;

    public SnapshotTaker(string persistenceId, IActorRef reportTo)
    {
        PersistenceId = persistenceId;
        _reportTo = reportTo;
    }

    public override string PersistenceId { get; }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case Record:
                Persist(TaggedRecorder.Recorded(), _ => _reportTo.Tell(new TaggedRecorder.Persisted(LastSequenceNr)));
                break;
            case Save save:
                SaveSnapshot(save.Snapshot);
                break;
            case DeleteUpTo upTo:
                DeleteSnapshots(new SnapshotSelectionCriteria(upTo.MaxSequenceNr));
                break;
            case DeleteOne one:
                DeleteSnapshot(one.SequenceNr);
                break;
            case SaveSnapshotSuccess or SaveSnapshotFailure or DeleteSnapshotsSuccess or DeleteSnapshotsFailure or DeleteSnapshotSuccess or DeleteSnapshotFailure:
                _reportTo.Tell(message);
                break;
        }
    }

    protected override void OnRecover(object message)
    {
        if (message is SnapshotOffer offer)
        {
            _reportTo.Tell(offer);
        }
    }

    internal sealed record Record;

    internal sealed record Save(object Snapshot);

    internal sealed record DeleteUpTo(long MaxSequenceNr);

    internal sealed record DeleteOne(long SequenceNr);
}
