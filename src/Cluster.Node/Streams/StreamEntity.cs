using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Messages.Streams;

namespace Cluster.Node.Streams;

/// <summary>
/// Owns one stream: orders, deduplicates and durably stores its events. The rules live in
/// <see cref="StreamDecisions"/>; this actor only persists, replies after the commit, announces
/// the commit to live subscribers and keeps snapshots. Idle passivation is sharding's
/// (<c>passivate-idle-entity-after</c>); events are never deleted.
/// </summary>
public sealed class StreamEntity : ReceivePersistentActor
{
    private readonly StreamEntitySettings _settings;
    private readonly IActorRef _commitAnnouncer;
    private readonly string _topic;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private StreamState _state;
    private long _lastSnapshotVersion;
    private (IActorRef ReplyTo, string Stream)? _inFlight;

    public StreamEntity(string stream, StreamEntitySettings settings, IActorRef commitAnnouncer)
    {
        PersistenceId = stream;
        _settings = settings;
        _commitAnnouncer = commitAnnouncer;
        _topic = StreamNames.TopicOf(stream);
        _state = StreamState.Empty(settings.IdempotencyWindow);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is StreamSnapshot snapshot)
            {
                _state = StreamState.FromSnapshot(snapshot, settings.IdempotencyWindow);
                _lastSnapshotVersion = snapshot.Version;
            }
        });
        Recover<EventRecorded>(recorded => _state = _state.Apply(recorded));

        Command<AppendEvents>(Handle);
        Command<SaveSnapshotSuccess>(success =>
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure =>
            _log.Warning(failure.Cause, "Snapshot of stream {0} at {1} failed; recovery replays more events until the next one", PersistenceId, failure.Metadata.SequenceNr));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure =>
            _log.Warning(failure.Cause, "Removing old snapshots of stream {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    public static Props Props(string stream, StreamEntitySettings settings, IActorRef commitAnnouncer) =>
        Akka.Actor.Props.Create(() => new StreamEntity(stream, settings, commitAnnouncer));

    private void Handle(AppendEvents command)
    {
        switch (StreamDecisions.Decide(_state, command))
        {
            case AppendDecision.Answer answer:
                Sender.Tell(answer.Reply);
                break;
            case AppendDecision.Accept accept:
                Persist(command, accept);
                break;
        }
    }

    private void Persist(AppendEvents command, AppendDecision.Accept accept)
    {
        var replyTo = Sender;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var tags = new[] { _topic };
        var batch = command.Events.Select(e => new Tagged(EventRecorded.From(e, now), tags)).ToArray();
        var remaining = batch.Length;
        _inFlight = (replyTo, command.Stream);

        // One PersistAll per command: the journal writes the batch atomically. The handler runs
        // once per event after the commit; the reply goes out with the last one.
        PersistAll(batch, tagged =>
        {
            _state = _state.Apply((EventRecorded)tagged.Payload);
            if (--remaining > 0)
            {
                return;
            }

            _inFlight = null;
            replyTo.Tell(new EventsAppended(command.Stream, accept.FirstSequence, accept.LastSequence));
            _commitAnnouncer.Tell(new StreamCommitted(command.Stream, _topic, accept.LastSequence));
            SnapshotIfDue();
        });
    }

    /// <summary>The journal write failed (rolled back): answer at once instead of leaving the caller to time out. The actor then stops; the next command recovers it.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        ReplyFailed($"The journal write failed: {cause.Message}");
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>The journal refused the batch (e.g. it could not be serialized); nothing was stored.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        ReplyFailed($"The journal rejected the batch: {cause.Message}");
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private void ReplyFailed(string reason)
    {
        if (_inFlight is var (replyTo, stream))
        {
            _inFlight = null;
            replyTo.Tell(new AppendFailed(stream, reason));
        }
    }

    private void SnapshotIfDue()
    {
        if (_state.Version - _lastSnapshotVersion >= _settings.SnapshotEvery)
        {
            _lastSnapshotVersion = _state.Version;
            SaveSnapshot(_state.ToSnapshot());
        }
    }
}
