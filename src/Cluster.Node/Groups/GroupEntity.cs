using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Cluster.Node.Commits;
using Cluster.Node.Reads;
using Cluster.Node.Webhooks;
using Messages.Groups;
using Messages.Streams;
using static Cluster.Node.Groups.GroupEntityMessages;

namespace Cluster.Node.Groups;

/// <summary>
/// One consumer group of one topic: a persistent actor (sharded by topic + group) that reads the
/// topic after its checkpoint, hands events to the connected members (<see cref="GroupLedger"/>),
/// redelivers after a nack, the ack timeout or a member leaving, parks after <c>maxDeliveries</c>,
/// and persists its checkpoint and parked events. Deliveries in flight are not persisted: after a
/// restart the group reads again after its checkpoint (at-least-once). The journal stays short
/// (<see cref="GroupProgress"/>); parked events keep their journal entries until they are resolved.
/// A webhook is the same entity (its own persistence ids and shard region) whose one member is a
/// <see cref="WebhookDispatcher"/> child instead of connected clients (<see cref="GroupRole"/>).
/// </summary>
/// <remarks>
/// It reads when a commit of its topic is announced (DistributedPubSub), when acknowledgements
/// free room, and on a slow poll; never more than <see cref="GroupEntitySettings.ReadAhead"/>
/// events above the checkpoint, so memory is bounded whatever the members do. This actor decides
/// and persists; reading is <see cref="TopicReadLoop"/>'s job, handing out <see cref="ActiveGroup"/>'s,
/// gauges and announcements <see cref="GroupTelemetry"/>'s.
/// </remarks>
public sealed class GroupEntity : ReceivePersistentActor, IWithTimers
{
    private readonly string _topic;
    private readonly string _group;
    private readonly JournalReader _reader;
    private readonly GroupEntitySettings _settings;
    private readonly IActorRef? _commits;
    private readonly GroupRole _role;
    private readonly TopicReadLoop _reads;
    private readonly GroupTelemetry _telemetry;
    private readonly GroupProgress _progress;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private GroupState _state = GroupState.None;
    private ActiveGroup? _active;

    /// <param name="commits">The DistributedPubSub mediator to hear commit announcements from; null: poll only.</param>
    /// <param name="webhooks">Set when this entity is a webhook rather than a consumer group.</param>
    public GroupEntity(string topic, string group, JournalReader reader, GroupEntitySettings settings, IActorRef? commits, WebhookServices? webhooks = null)
    {
        _commits = commits;
        _topic = topic;
        _group = group;
        _reader = reader;
        _settings = settings;
        _role = webhooks is null ? ConsumerGroupRole.Instance : new WebhookRole(webhooks);
        PersistenceId = _role.PersistenceIdOf(topic, group);
        _reads = new TopicReadLoop(topic, reader, settings.ReadBatch, Self);
        _telemetry = new GroupTelemetry(_role.Kind, topic, group, reader, commits, ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString(), Self);
        _progress = new GroupProgress(settings.SnapshotEvery);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is GroupSnapshot snapshot)
            {
                _state = _state.Apply(snapshot);
            }
        });
        Recover<RecoveryCompleted>(_ => Start());
        Recover<object>(journalEvent => _state = _state.Apply(journalEvent)); // GroupState knows the group's journal events

        Command<CreateGroup>(Create);
        Command<GetGroupStatus>(_ => IfActive(active => _telemetry.ReplyStatus(active, _state.Parked, Sender)));
        Command<DeleteGroup>(_ => IfActive(_ => Delete()));
        Command<JoinGroup>(join => IfActive(active => Join(active, join.Member)));
        Command<LeaveGroup>(leave => Leave(leave.Member));
        Command<Terminated>(terminated => Leave(terminated.ActorRef));
        Command<SettleDeliveries>(settle => IfActive(active => Settle(active, settle)));
        Command<ReplayParked>(_ => IfActive(Replay));
        Command<StreamsCommitted>(run => _reads.Announced(run, _active?.Ledger));
        Command<CommitFeedReached>(_ => { }); // a gateway's start-up probe, on the same topic
        Command<Poll>(_ => _reads.Request(_active?.Ledger));
        Command<TopicRead>(OnTopicRead);
        Command<ReadFailed>(failed => _reads.Failed(failed, _log));
        Command<CheckExpiry>(_ => PersistParkedAndDispatch(_active?.Ledger.Expire(DateTimeOffset.UtcNow) ?? []));
        Command<RetryDue>(_ => _active?.RetryNow());
        Command<RefreshGauges>(_ => _telemetry.Refresh(_active?.Ledger));
        Command<GaugesRead>(read => _telemetry.Read(read, _active, _state.Parked));
        Command<SubscribeAck>(_ => { });
        Command<SaveSnapshotSuccess>(success => _progress.Saved(success, DeleteSnapshots, DeleteMessages));
        Command<SaveSnapshotFailure>(failure => _log.Warning(failure.Cause, "Group {0}: snapshot failed", PersistenceId));
        Command<DeleteMessagesFailure>(failure => _log.Warning(failure.Cause, "Group {0}: trimming the journal failed; it is tried again after the next snapshot", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string topic, string group, JournalReader reader, GroupEntitySettings settings, IActorRef? commits, WebhookServices? webhooks = null) =>
        Akka.Actor.Props.Create(() => new GroupEntity(topic, group, reader, settings, commits, webhooks));

    private void Start()
    {
        _commits?.Tell(new Subscribe(CommitAnnouncer.Topic, Self));
        if (_state.Defined is { } defined)
        {
            Activate(defined.Definition);
        }
    }

    private void Activate(GroupDefinition definition)
    {
        var active = _active = new ActiveGroup(new GroupLedger(GroupSettings.From(definition, _settings), _state.Checkpoint), Timers);
        _progress.Recovered(_state.Checkpoint);
        Timers.StartPeriodicTimer(nameof(Poll), Poll.Instance, _settings.PollInterval);
        Timers.StartPeriodicTimer(nameof(CheckExpiry), CheckExpiry.Instance, _settings.ExpiryCheckInterval);
        Timers.StartPeriodicTimer(nameof(RefreshGauges), RefreshGauges.Instance, GroupTelemetry.Interval);
        Self.Tell(RefreshGauges.Instance); // announced at once, then every few seconds
        if (_role.Activated(Context, _topic, _group, definition) is var (member, maxInFlight))
        {
            active.Join(member, maxInFlight);
        }

        _reads.Request(active.Ledger);
    }

    /// <summary>Runs <paramref name="handle"/> when the group is defined; else answers that there is none.</summary>
    private void IfActive(Action<ActiveGroup> handle)
    {
        if (_active is { } active)
        {
            handle(active);
            return;
        }

        Sender.Tell(new GroupNotFound(_topic, _group));
        _role.Forget(Context);
    }

    private void Create(CreateGroup create)
    {
        if (_state.AnswerWithoutWriting(create.Definition) is { } answer)
        {
            Sender.Tell(answer); // the same group exists, or another one of that name
            return;
        }

        var sender = Sender;
        RunTask(async () =>
        {
            // "latest" starts after the topic's last event at creation; "earliest" before its first.
            var start = create.Definition.StartFrom == GroupStart.Latest ? await _reader.TopicHeadAsync(_topic, CancellationToken.None) : 0;
            Persist(new GroupDefined(_topic, _group, create.Definition, start), defined =>
            {
                _state = _state.Apply(defined);
                Activate(defined.Definition);
                sender.Tell(new GroupCreated(true));
            });
        });
    }

    private void Delete()
    {
        var sender = Sender;
        Persist(new GroupDeleted(_topic, _group), deleted =>
        {
            _state = _state.Apply(deleted);
            var active = _active!;
            _active = null;
            Timers.CancelAll();
            _telemetry.Removed(_state.Parked, active.Members.Count);
            var removed = new GroupRemoved(_topic, _group);
            active.Dismiss(Context, removed);
            sender.Tell(removed);
            _role.Forget(Context);
        });
    }

    private void Join(ActiveGroup active, IActorRef member)
    {
        if (active.Join(member))
        {
            Context.Watch(member);
        }

        Sender.Tell(new GroupJoined(_settings.MaxInFlightPerMember));
        active.Dispatch();
    }

    private void Leave(IActorRef member)
    {
        if (_active?.Leave(member) is { } parked)
        {
            Context.Unwatch(member);
            PersistParkedAndDispatch(parked);
        }
    }

    private void Settle(ActiveGroup active, SettleDeliveries settle)
    {
        DateTimeOffset? notBefore = settle.RetryAfter > TimeSpan.Zero ? DateTimeOffset.UtcNow + settle.RetryAfter : null;
        var settled = SettledDeliveries.Apply(active.Ledger, settle, notBefore);

        // The answer goes out once what the settlement changed durably (parked events, a new
        // checkpoint) is in the journal.
        var sender = Sender;
        var reply = new DeliveriesSettled(settle.DeliveryIds.Count - settled.Unknown.Count, settled.Unknown);
        PersistProgress(settled.Parked, () => sender.Tell(reply), settled.Resolved);
        active.Dispatch();

        _reads.Request(active.Ledger);
        if (notBefore is not null)
        {
            active.ScheduleRetry();
        }
    }

    /// <summary>
    /// Loads the unresolved parked events from the journal and hands them out again; those deleted
    /// or expired since they were parked are resolved instead (nothing is left to deliver).
    /// </summary>
    private void Replay(ActiveGroup _)
    {
        var sender = Sender;
        RunTask(async () =>
        {
            var (events, gone) = await ParkedList.LoadAsync(_reader, PersistenceId, _settings.ReadAhead);
            var reply = new ParkedReplayed(_active?.Ledger.Replay(events) ?? 0);
            PersistProgress([], () => sender.Tell(reply), gone);
            _active?.Dispatch();
        });
    }

    private void OnTopicRead(TopicRead read)
    {
        var again = _reads.Completed(read);
        if (_active is not { } active)
        {
            return;
        }

        active.Ledger.Add(read.Events);
        active.Dispatch();
        if (again)
        {
            _reads.Request(active.Ledger); // a full page, or a commit announced meanwhile: there may be more already
        }
    }

    /// <summary>Persists the events just parked and hands out more (their own streams wait until the parking is in the journal).</summary>
    private void PersistParkedAndDispatch(IReadOnlyList<ParkedEvent> parked)
    {
        PersistProgress(parked, static () => { }, []);
        _active?.Dispatch();
    }

    /// <summary>
    /// Persists parked events, resolved replays and, if it moved, the checkpoint; then runs
    /// <paramref name="done"/>. With ordering per stream, the ledger holds a parked event's stream
    /// until the parking is in the journal, so the stream's next event never goes out before the
    /// parked list (read from the journal) shows the parked one.
    /// </summary>
    private void PersistProgress(IReadOnlyList<ParkedEvent> parked, Action done, IReadOnlyList<long> resolved)
    {
        var journalEvents = _progress.EventsFor(parked, resolved, _active?.Ledger);
        if (journalEvents.Count == 0)
        {
            done();
            return;
        }

        var remaining = journalEvents.Count;
        PersistAllAsync(journalEvents, journalEvent =>
        {
            _state = _state.Apply(journalEvent);
            if (_progress.SnapshotDue(_state, LastSequenceNr) is { } snapshot)
            {
                SaveSnapshot(snapshot);
            }

            if (--remaining == 0)
            {
                if (parked.Count > 0 && _active is { } active)
                {
                    active.Ledger.ParkingRecorded(parked);
                    active.Dispatch();
                }

                done();
            }
        });
    }

    protected override void PostStop()
    {
        _telemetry.Forget();
        base.PostStop();
    }
}
