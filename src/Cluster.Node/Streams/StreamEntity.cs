using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Cluster.Node.Storage;
using Messages;
using Messages.Streams;
using Cluster.Node.Telemetry;

namespace Cluster.Node.Streams;

/// <summary>
/// Owns one stream: orders, deduplicates and durably stores its events. The rules live in
/// <see cref="StreamDecisions"/>; this actor only persists, replies after the commit, announces
/// the commit to live subscribers and keeps snapshots.
///
/// Group commit: one write is in flight at a time. Appends that arrive meanwhile wait in a bounded
/// queue and are decided and written together, in arrival order, as one <c>PersistAllAsync</c>
/// once the write before them committed; every reply of a group goes out after its commit.
/// A full queue answers <see cref="StreamOverloaded"/> at once, so nothing queues without bound
/// (the actor never stashes: its mailbox only holds what it has not looked at yet).
/// Idle passivation is sharding's (<c>passivate-idle-entity-after</c>); over the node's entity
/// memory budget, <see cref="ActiveStreamsSweeper"/> asks the least recently active entities to
/// passivate sooner (<see cref="ActiveStreams"/>). Sharding stops the entity with
/// <see cref="StopStream"/> in every case, shard hand-off included, and the entity stops only once
/// nothing is in flight or waiting, so no append loses its answer.
///
/// Deletes and truncations (<see cref="ChangeStreamLifecycle"/>) wait in the same queue and are
/// written alone, in arrival order with the appends, to <see cref="StreamLifecycleTable"/>; the
/// entity loads that row after recovery, before it decides anything.
/// </summary>
public sealed class StreamEntity : ReceivePersistentActor
{
    private readonly StreamEntitySettings _settings;
    private readonly int _snapshotEvery;
    private readonly IActorRef _commitAnnouncer;
    private readonly string _topic;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly StreamLifecycleTable _lifecycle;
    private readonly Queue<PendingAppend> _queued = new();
    private StreamState _state;
    private long _lastSnapshotVersion;
    private InFlightGroup? _inFlight;
    private PendingAppend? _lifecycleInFlight;
    private bool _loading = true;
    private Task<StreamLifecycle>? _lifecycleLoad;
    private readonly ActiveStreams? _activeStreams;
    private ActiveStreams.Slot? _slot;
    private bool _stopping;

    public StreamEntity(string stream, StreamEntitySettings settings, IActorRef commitAnnouncer, StreamLifecycleTable lifecycle, ActiveStreams? activeStreams = null)
    {
        _activeStreams = activeStreams;
        PersistenceId = stream;
        _lifecycle = lifecycle;
        _settings = settings;
        _snapshotEvery = settings.SnapshotEveryFor(stream);
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
        Recover<EventRecorded>(recorded => _state = _state.ApplyAt(recorded.EventId, LastSequenceNr));
        Recover<RecoveryCompleted>(_ => LifecycleRecovered());

        Command<AppendEvents>(Handle);
        Command<ChangeStreamLifecycle>(Handle);
        Command<LifecycleLoaded>(loaded =>
        {
            _loading = false;
            _state = _state with { Lifecycle = loaded.Lifecycle };
            WriteQueued();
        });
        Command<LifecycleWritten>(written => LifecycleDone(written.Decision));
        Command<LifecycleFailed>(LifecycleFailedNow);
        Command<SaveSnapshotSuccess>(success =>
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure =>
            _log.Warning(failure.Cause, "Snapshot of stream {0} at {1} failed; recovery replays more events until the next one", PersistenceId, failure.Metadata.SequenceNr));
        Command<PassivateIfIdle>(_ => PassivateNowIfIdle());
        Command<StopStream>(_ =>
        {
            _stopping = true;
            StopIfDrained();
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure =>
            _log.Warning(failure.Cause, "Removing old snapshots of stream {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    public static Props Props(string stream, StreamEntitySettings settings, IActorRef commitAnnouncer, StreamLifecycleTable lifecycle, ActiveStreams? activeStreams = null) =>
        Akka.Actor.Props.Create(() => new StreamEntity(stream, settings, commitAnnouncer, lifecycle, activeStreams));

    /// <summary>The lifecycle row is read while the journal recovers, so it is usually there when recovery completes.</summary>
    protected override void PreStart()
    {
        _lifecycleLoad = _lifecycle.LoadAsync(PersistenceId, CancellationToken.None);
        _slot = _activeStreams?.Register(Self, 0);
        base.PreStart();
    }

    protected override void PostStop()
    {
        if (_slot is { } slot)
        {
            _activeStreams!.Unregister(slot);
        }

        base.PostStop();
    }

    private void LifecycleRecovered()
    {
        // After a scavenge the last event may be a deleted row that replay skips: the journal's
        // highest sequence number is the version all the same.
        _state = _state with { Version = Math.Max(_state.Version, LastSequenceNr) };
        _slot?.Touch(_state.RecentIds.Count);
        if (_lifecycleLoad!.IsCompletedSuccessfully)
        {
            _loading = false;
            _state = _state with { Lifecycle = _lifecycleLoad.Result };
            return;
        }

        _lifecycleLoad.PipeTo(Self, success: loaded => new LifecycleLoaded(loaded), failure: e => new LifecycleFailed(e));
    }

    /// <summary>A write, a lifecycle change or the lifecycle load is under way: what arrives waits in the queue.</summary>
    private bool Busy => _inFlight is not null || _lifecycleInFlight is not null || _loading;

    /// <summary>Nothing under way and nothing waiting: the entity may stop without leaving anyone unanswered.</summary>
    private bool Drained => !Busy && _queued.Count == 0;

    private void Handle(IStreamCommand command)
    {
        if (!Busy)
        {
            _queued.Enqueue(new PendingAppend(command, Sender));
            WriteQueued();
        }
        else if (_queued.Count < _settings.MaxQueuedAppends)
        {
            _queued.Enqueue(new PendingAppend(command, Sender));
        }
        else
        {
            Sender.Tell(new StreamOverloaded(command.Stream, _queued.Count));
        }
    }

    /// <summary>Decides a group against the durable state and writes its accepted events in one journal write.</summary>
    private void Write(IReadOnlyList<PendingAppend> group)
    {
        var decided = StreamDecisions.DecideGroup(_state, group.Select(p => (AppendEvents)p.Command).ToList());
        if (decided.AcceptedEvents.Count == 0)
        {
            // Nothing to store: every answer is about durable state already.
            for (var i = 0; i < group.Count; i++)
            {
                group[i].ReplyTo.Tell(((AppendDecision.Answer)decided.Decisions[i]).Reply);
            }

            WriteQueued();
            return;
        }

        _inFlight = new InFlightGroup(group, decided.Decisions, [.. decided.AcceptedEvents.Select(e => e.Type)], decided.Projected, WriteSpans.Start(group.Select(p => (AppendEvents)p.Command), PersistenceId));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var tags = new[] { _topic };
        var batch = decided.AcceptedEvents.Select(e => new Tagged(EventRecorded.From(e, now), tags)).ToArray();
        var remaining = batch.Length;

        // One write for the whole group: the journal stores it atomically. The handler runs once
        // per event after the commit; the state becomes the decision's projection (the same
        // version and ids as applying each event, without adding the ids a second time) and the
        // replies go out with the last one.
        PersistAllAsync(batch, _ =>
        {
            if (--remaining == 0)
            {
                Committed();
            }
        });
    }

    private void Committed()
    {
        var group = _inFlight!;
        _inFlight = null;
        WriteSpans.Stop(group.Spans, committed: true);
        _state = group.Projected;
        _slot?.Touch(_state.RecentIds.Count);
        for (var i = 0; i < group.Appends.Count; i++)
        {
            var command = (AppendEvents)group.Appends[i].Command;
            group.Appends[i].ReplyTo.Tell(group.Decisions[i] switch
            {
                AppendDecision.Accept a => new EventsAppended(command.Stream, a.FirstSequence, a.LastSequence),
                AppendDecision.Answer answer => answer.Reply,
                _ => throw new InvalidOperationException("Unknown decision."),
            });
        }

        _commitAnnouncer.Tell(new StreamCommitted(PersistenceId, _topic, _state.Version) { Types = group.Types });
        ClusterMetrics.EventsAppended.Add(group.Types.Count, new KeyValuePair<string, object?>("topic", _topic));
        ClusterMetrics.JournalWriteEvents.Record(group.Types.Count);
        SnapshotIfDue();
        WriteQueued();
    }

    /// <summary>Starts what is next in the queue: a lifecycle change alone, or the appends up to the next one, up to the group size.</summary>
    private void WriteQueued()
    {
        if (_queued.Count == 0 || Busy)
        {
            StopIfDrained();
            return;
        }

        if (_queued.Peek().Command is ChangeStreamLifecycle)
        {
            ChangeLifecycle(_queued.Dequeue());
            return;
        }

        var group = new List<PendingAppend> { _queued.Dequeue() };
        var events = ((AppendEvents)group[0].Command).Events.Count;
        while (_queued.Count > 0 && _queued.Peek().Command is AppendEvents next && events + next.Events.Count <= _settings.MaxGroupEvents)
        {
            events += next.Events.Count;
            group.Add(_queued.Dequeue());
        }

        Write(group);
    }

    private void ChangeLifecycle(PendingAppend pending)
    {
        var decision = StreamDecisions.DecideLifecycle(_state, (ChangeStreamLifecycle)pending.Command);
        if (decision.ToWrite is not { } lifecycle)
        {
            pending.ReplyTo.Tell(decision.Reply);
            WriteQueued();
            return;
        }

        _lifecycleInFlight = pending;
        _lifecycle.SaveAsync(PersistenceId, lifecycle, CancellationToken.None).PipeTo(
            Self, success: () => new LifecycleWritten(decision), failure: e => new LifecycleFailed(e));
    }

    /// <summary>The lifecycle row is written: the state follows it, then the answer goes out.</summary>
    private void LifecycleDone(LifecycleDecision decision)
    {
        _state = _state with { Lifecycle = decision.ToWrite! };
        _lifecycleInFlight!.ReplyTo.Tell(decision.Reply);
        _lifecycleInFlight = null;
        WriteQueued();
    }

    /// <summary>Loading or writing the lifecycle failed: everyone waiting is answered, and the entity restarts to load it again.</summary>
    private void LifecycleFailedNow(LifecycleFailed failed)
    {
        if (_lifecycleInFlight is { } pending)
        {
            pending.ReplyTo.Tell(new AppendFailed(PersistenceId, $"Storing the stream's deletion failed: {failed.Cause.Message}"));
            _lifecycleInFlight = null;
        }

        FailEverything($"Reading the stream's deletions failed: {failed.Cause.Message}");
        throw new InvalidOperationException($"Stream {PersistenceId}: its lifecycle could not be read or written; restarting.", failed.Cause);
    }

    /// <summary>The journal write failed (rolled back): answer at once instead of leaving callers to time out. The actor then stops; the next command recovers it.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        FailEverything($"The journal write failed: {cause.Message}");
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>
    /// The journal refused the write (e.g. it could not be serialized); nothing was stored. The
    /// actor restarts so that its sequence numbers are recovered from the journal again.
    /// </summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        var hadWork = _inFlight is not null;
        FailEverything($"The journal rejected the write: {cause.Message}");
        base.OnPersistRejected(cause, @event, sequenceNr);
        if (hadWork)
        {
            throw new InvalidOperationException($"Stream {PersistenceId}: a write was rejected; restarting to recover from the journal.", cause);
        }
    }

    private void FailEverything(string reason)
    {
        var waiting = (_inFlight?.Appends ?? []).Concat(_queued).ToList();
        WriteSpans.Stop(_inFlight?.Spans, committed: false);
        _inFlight = null;
        _queued.Clear();
        foreach (var pending in waiting)
        {
            pending.ReplyTo.Tell(new AppendFailed(PersistenceId, reason));
        }
    }

    /// <summary>Asked by the memory budget's sweep: passivate through the shard unless something is in flight or waiting (then the stream is in use).</summary>
    private void PassivateNowIfIdle()
    {
        if (!Drained || _stopping)
        {
            return;
        }

        ClusterMetrics.StreamsPassivatedForMemory.Add(1);
        Context.Parent.Tell(new Passivate(StopStream.Instance));
    }

    /// <summary>After <see cref="StopStream"/>, the entity stops once its write in flight and what waited behind it are answered.</summary>
    private void StopIfDrained()
    {
        if (_stopping && Drained)
        {
            Context.Stop(Self);
        }
    }

    private void SnapshotIfDue()
    {
        if (_state.Version - _lastSnapshotVersion >= _snapshotEvery)
        {
            _lastSnapshotVersion = _state.Version;
            SaveSnapshot(_state.ToSnapshot());
        }
    }

    /// <summary>From the memory budget's sweep: this stream was the least recently active; passivate if idle.</summary>
    public sealed class PassivateIfIdle
    {
        public static readonly PassivateIfIdle Instance = new();

        private PassivateIfIdle()
        {
        }
    }

    /// <summary>
    /// The entity's stop message in sharding (passivation, idle or for memory, and shard hand-off),
    /// sent once the shard or region buffers the stream's new messages: the entity stops after
    /// answering what it already has (unlike a <c>PoisonPill</c>, which would drop a write in flight).
    /// </summary>
    public sealed class StopStream
    {
        public static readonly StopStream Instance = new();

        private StopStream()
        {
        }
    }

    /// <summary>An append or a lifecycle change waiting its turn, with whom to answer.</summary>
    private sealed record PendingAppend(IStreamCommand Command, IActorRef ReplyTo);

    private sealed record LifecycleLoaded(StreamLifecycle Lifecycle);

    private sealed record LifecycleWritten(LifecycleDecision Decision);

    private sealed record LifecycleFailed(Exception Cause);

    private sealed record InFlightGroup(
        IReadOnlyList<PendingAppend> Appends, IReadOnlyList<AppendDecision> Decisions, IReadOnlyList<string> Types, StreamState Projected, IReadOnlyList<Activity>? Spans);
}
