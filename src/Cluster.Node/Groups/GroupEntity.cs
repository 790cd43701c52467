using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Cluster.Node.Commits;
using Cluster.Node.Reads;
using Cluster.Node.Telemetry;
using Cluster.Node.Webhooks;
using Messages.Groups;
using Messages.Streams;

namespace Cluster.Node.Groups;

/// <summary>
/// One consumer group of one topic: a persistent actor (sharded by topic + group) that reads the
/// topic after its checkpoint, hands events to the connected members (<see cref="GroupLedger"/>),
/// redelivers after a nack, the ack timeout or a member leaving, parks after <c>maxDeliveries</c>,
/// and persists its checkpoint and parked events. Deliveries in flight are not persisted: after a
/// restart the group reads again after its checkpoint (at-least-once). After a snapshot taken
/// while no parked event was unresolved, the journal up to it is deleted, so a busy group's
/// journal stays short; parked events keep their journal entries until they are resolved.
/// A webhook is the same entity (its own persistence ids and shard region) whose one member is a
/// <see cref="WebhookDispatcher"/> child instead of connected clients.
/// </summary>
/// <remarks>
/// It reads when a commit of its topic is announced (DistributedPubSub), when acknowledgements
/// free room, and on a slow poll; never more than <see cref="GroupEntitySettings.ReadAhead"/>
/// events above the checkpoint, so memory is bounded whatever the members do.
/// </remarks>
public sealed class GroupEntity : ReceivePersistentActor, IWithTimers
{
    private readonly string _topic;
    private readonly string _group;
    private readonly JournalReader _reader;
    private readonly GroupEntitySettings _settings;
    private readonly IActorRef? _commits;
    private readonly WebhookServices? _webhooks;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _members = [];
    private GroupState _state = GroupState.None;
    private GroupLedger? _ledger;
    private bool _reading;
    private bool _readAgain;
    private long _persistedCheckpoint;
    private int _eventsSinceSnapshot;
    private readonly string _node;
    private DateTimeOffset? _retryTimerAt;
    private long? _trimAfterSnapshot;

    /// <param name="commits">The DistributedPubSub mediator to hear commit announcements from; null: poll only.</param>
    /// <param name="webhooks">Set when this entity is a webhook rather than a consumer group.</param>
    public GroupEntity(string topic, string group, JournalReader reader, GroupEntitySettings settings, IActorRef? commits, WebhookServices? webhooks = null)
    {
        _commits = commits;
        _webhooks = webhooks;
        _topic = topic;
        _group = group;
        _reader = reader;
        _settings = settings;
        PersistenceId = webhooks is null ? PersistenceIdOf(topic, group) : WebhookPersistenceIdOf(topic, group);
        _node = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is GroupSnapshot snapshot)
            {
                _state = _state.Apply(snapshot);
            }
        });
        Recover<GroupDefined>(e => _state = _state.Apply(e));
        Recover<GroupCheckpointed>(e => _state = _state.Apply(e));
        Recover<GroupEventParked>(e => _state = _state.Apply(e));
        Recover<GroupDeleted>(e => _state = _state.Apply(e));
        Recover<GroupParkedResolved>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Start());

        Command<CreateGroup>(Create);
        Command<GetGroupStatus>(_ => ReplyStatus());
        Command<DeleteGroup>(_ => Delete());
        Command<JoinGroup>(join => Join(join.Member));
        Command<LeaveGroup>(leave => Leave(leave.Member));
        Command<Terminated>(terminated => Leave(terminated.ActorRef));
        Command<SettleDeliveries>(Settle);
        Command<ReplayParked>(_ => Replay());
        Command<StreamsCommitted>(run =>
        {
            if (_topic == StreamNames.AllTopic || run.Commits.Any(c => c.Topic == _topic))
            {
                ReadMore();
            }
        });
        Command<Poll>(_ => ReadMore());
        Command<CheckExpiry>(_ => Expire());
        Command<RefreshGauges>(_ => RefreshGaugesNow());
        Command<GaugesRead>(read =>
        {
            if (read.Lag is { } lag && _ledger is not null)
            {
                GaugeReadings.SetGroup(Kind, _topic, _group, lag, read.InFlight);
                Announce(lag, removed: false);
            }
        });
        Command<RetryDue>(_ =>
        {
            _retryTimerAt = null;
            Dispatch();
            ScheduleRetry();
        });
        Command<TopicRead>(OnTopicRead);
        Command<ReadFailed>(failed =>
        {
            _reading = false;
            _log.Warning(failed.Cause, "Group {0}: reading topic {1} failed; retrying at the next poll", PersistenceId, _topic);
        });
        Command<SubscribeAck>(_ => { });
        Command<SaveSnapshotSuccess>(success =>
        {
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
            if (_trimAfterSnapshot == success.Metadata.SequenceNr)
            {
                // Nothing was parked and unresolved at the snapshot: the journal up to it (mostly
                // checkpoints) is no longer needed, for recovery or for the parked list.
                DeleteMessages(success.Metadata.SequenceNr);
            }
        });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failure => _log.Warning(failure.Cause, "Group {0}: trimming the journal failed; it is tried again after the next snapshot", PersistenceId));
        Command<SaveSnapshotFailure>(failure => _log.Warning(failure.Cause, "Group {0}: snapshot failed", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The DistributedPubSub topic of <see cref="GroupStatusAnnounced"/>.</summary>
    public const string GroupStatusTopic = "event-cluster.group-status";

    private static readonly TimeSpan GaugeInterval = TimeSpan.FromSeconds(5);

    private string Kind => _webhooks is null ? "group" : "webhook";

    /// <summary>Never a stream name: stream names cannot start with '$'.</summary>
    public static string PersistenceIdOf(string topic, string group) => $"$group:{topic}/{group}";

    /// <summary>A webhook's journal, apart from a consumer group of the same name.</summary>
    public static string WebhookPersistenceIdOf(string topic, string name) => $"$webhook:{topic}/{name}";

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
        _ledger = new GroupLedger(GroupSettings.From(definition, _settings), _state.Checkpoint);
        _persistedCheckpoint = _state.Checkpoint;
        Timers.StartPeriodicTimer(nameof(Poll), Poll.Instance, _settings.PollInterval);
        Timers.StartPeriodicTimer(nameof(CheckExpiry), CheckExpiry.Instance, _settings.ExpiryCheckInterval);
        Timers.StartPeriodicTimer(nameof(RefreshGauges), RefreshGauges.Instance, GaugeInterval);
        Self.Tell(RefreshGauges.Instance); // announced at once, then every few seconds
        if (definition.Webhook is { } target && _webhooks is { } webhooks)
        {
            var dispatcher = Context.ActorOf(
                WebhookDispatcher.Props(_topic, _group, target, TimeSpan.FromSeconds(definition.AckTimeoutSeconds), webhooks.Sender, webhooks.Options),
                "dispatcher");
            var key = dispatcher.Path.ToStringWithUid();
            _members[key] = dispatcher;
            _ledger.MemberJoined(key, target.MaxInFlight);
        }

        ReadMore();
    }

    private void Create(CreateGroup create)
    {
        switch (_state.Decide(create.Definition))
        {
            case GroupCreation.AlreadyExists:
                Sender.Tell(new GroupCreated(false));
                return;
            case GroupCreation.Conflict:
                Sender.Tell(new GroupSettingsConflict(_state.Defined!.Definition));
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

    private void ReplyStatus()
    {
        if (_ledger is null)
        {
            ReplyNotFound();
            return;
        }

        var (checkpoint, inFlight, parked, members) = (_ledger.Checkpoint, _ledger.InFlight, _state.Parked, _members.Count);
        var node = _node; // captured as a value: the continuation runs outside the actor
        _reader.CountTopicAfterAsync(_topic, checkpoint, CancellationToken.None).PipeTo(
            Sender,
            success: lag => new GroupStatus(checkpoint, lag, inFlight, parked, members, node),
            failure: e => new Status.Failure(e));
    }

    /// <summary>
    /// A webhook entity is remembered by sharding (so it runs without anyone asking): one that does
    /// not exist asks to be passivated, which also forgets it.
    /// </summary>
    private void ReplyNotFound()
    {
        Sender.Tell(new GroupNotFound(_topic, _group));
        ForgetIfWebhook();
    }

    /// <summary>A webhook entity asks sharding to passivate it, which also removes it from the remembered entities.</summary>
    private void ForgetIfWebhook()
    {
        if (_webhooks is not null)
        {
            Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(PoisonPill.Instance));
        }
    }

    private void Delete()
    {
        if (_ledger is null)
        {
            ReplyNotFound();
            return;
        }

        var sender = Sender;
        Persist(new GroupDeleted(_topic, _group), deleted =>
        {
            _state = _state.Apply(deleted);
            _ledger = null;
            Timers.CancelAll();
            GaugeReadings.RemoveGroup(Kind, _topic, _group);
            Announce(0, removed: true);
            foreach (var child in Context.GetChildren())
            {
                _members.Remove(child.Path.ToStringWithUid());
                Context.Stop(child);
            }

            foreach (var member in _members.Values)
            {
                Context.Unwatch(member);
                member.Tell(new GroupRemoved(_topic, _group));
            }

            _members.Clear();
            sender.Tell(new GroupRemoved(_topic, _group));
            ForgetIfWebhook();
        });
    }

    private void Join(IActorRef member)
    {
        if (_ledger is null)
        {
            ReplyNotFound();
            return;
        }

        var key = member.Path.ToStringWithUid();
        if (_members.TryAdd(key, member))
        {
            Context.Watch(member);
            _ledger.MemberJoined(key);
        }

        Sender.Tell(new GroupJoined(_settings.MaxInFlightPerMember));
        Dispatch();
    }

    private void Leave(IActorRef member)
    {
        var key = member.Path.ToStringWithUid();
        if (!_members.Remove(key))
        {
            return;
        }

        Context.Unwatch(member);
        if (_ledger is not null)
        {
            PersistParkedAndDispatch(_ledger.MemberLeft(key));
        }
    }

    private void Settle(SettleDeliveries settle)
    {
        if (_ledger is null)
        {
            ReplyNotFound();
            return;
        }

        var unknown = new List<string>();
        var parked = new List<ParkedEvent>();
        var resolved = new List<long>();
        DateTimeOffset? notBefore = settle.RetryAfter > TimeSpan.Zero ? DateTimeOffset.UtcNow + settle.RetryAfter : null;
        foreach (var id in settle.DeliveryIds)
        {
            ParkedEvent? parkedNow = null;
            StoredEvent? replayed = null;
            var known = settle.Ack ? _ledger.Ack(id, out replayed) : _ledger.Nack(id, out parkedNow, notBefore);
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

        // The answer goes out once what the settlement changed durably (parked events, a new
        // checkpoint) is in the journal.
        var sender = Sender;
        var reply = new DeliveriesSettled(settle.DeliveryIds.Count - unknown.Count, unknown);
        PersistProgress(parked, () => sender.Tell(reply), resolved);
        Dispatch();

        ReadMore();
        if (notBefore is not null)
        {
            ScheduleRetry();
        }
    }

    /// <summary>Wakes the group when the earliest event given back with a delay may go out again.</summary>
    private void ScheduleRetry()
    {
        var now = DateTimeOffset.UtcNow;
        if (_ledger?.NextRetryAfter(now) is not { } due || (_retryTimerAt is { } scheduled && scheduled <= due))
        {
            return;
        }

        _retryTimerAt = due;
        Timers.StartSingleTimer(nameof(RetryDue), RetryDue.Instance, due - now);
    }

    /// <summary>Loads the unresolved parked events from the journal and hands them out again.</summary>
    private void Replay()
    {
        if (_ledger is null)
        {
            ReplyNotFound();
            return;
        }

        var sender = Sender;
        RunTask(async () =>
        {
            var parked = ParkedList.Fold(await _reader.ReadJournalAsync(PersistenceId, CancellationToken.None));
            var offsets = parked.Select(p => p.Offset).Take(_settings.ReadAhead).ToList();
            var events = await _reader.ReadOffsetsAsync(offsets, CancellationToken.None);
            var count = _ledger?.Replay(events) ?? 0;
            sender.Tell(new ParkedReplayed(count));
            Dispatch();
        });
    }

    private void Expire()
    {
        if (_ledger is null)
        {
            return;
        }

        PersistParkedAndDispatch(_ledger.Expire(DateTimeOffset.UtcNow));
    }

    private void ReadMore()
    {
        if (_ledger is null || _ledger.Room == 0)
        {
            return;
        }

        if (_reading)
        {
            // A commit announced while a read runs may have missed that read: read once more after it.
            _readAgain = true;
            return;
        }

        _reading = true;
        _readAgain = false;
        var limit = Math.Min(_ledger.Room, _settings.ReadBatch);
        _reader.ReadTopicAsync(_topic, _ledger.ReadPosition, limit, CancellationToken.None).PipeTo(
            Self,
            success: events => new TopicRead(events, limit),
            failure: e => new ReadFailed(e));
    }

    private void OnTopicRead(TopicRead read)
    {
        _reading = false;
        if (_ledger is null)
        {
            return;
        }

        _ledger.Add(read.Events);
        Dispatch();
        if (read.Events.Count == read.Limit || _readAgain)
        {
            ReadMore(); // a full page, or a commit announced meanwhile: there may be more already
        }
    }

    private void Dispatch()
    {
        if (_ledger is null)
        {
            return;
        }

        foreach (var delivery in _ledger.Assign(DateTimeOffset.UtcNow))
        {
            if (_members.TryGetValue(delivery.Member, out var member))
            {
                var e = delivery.Event;
                member.Tell(new GroupDelivery(delivery.Id, delivery.Attempt, e.Stream, e.Sequence, e.Offset, e.Event));
            }
        }
    }

    /// <summary>Persists the events just parked and hands out more (their own streams wait, see <see cref="ParkingRecorded"/>).</summary>
    private void PersistParkedAndDispatch(IReadOnlyList<ParkedEvent> parked)
    {
        PersistProgress(parked, static () => { }, []);
        Dispatch();
    }

    /// <summary>
    /// With ordering per stream, the ledger holds a parked event's stream until the parking is in
    /// the journal: the stream's next event never goes out before the parked list (read from the
    /// journal) shows the parked one.
    /// </summary>
    private void ParkingRecorded(IReadOnlyList<ParkedEvent> parked)
    {
        if (parked.Count > 0 && _ledger is not null)
        {
            _ledger.ParkingRecorded(parked);
            Dispatch();
        }
    }

    /// <summary>
    /// Persists parked events, resolved replays and, if it moved, the checkpoint; then releases the
    /// parked events' streams (<see cref="ParkingRecorded"/>) and runs <paramref name="done"/>.
    /// </summary>
    private void PersistProgress(IReadOnlyList<ParkedEvent> parked, Action done, IReadOnlyList<long> resolved)
    {
        var journalEvents = new List<object>(parked.Count + resolved.Count + 1);
        journalEvents.AddRange(resolved.Select(offset => new GroupParkedResolved(offset)));
        journalEvents.AddRange(parked.Select(p => new GroupEventParked(p.Event.Stream, p.Event.Sequence, p.Event.Offset, p.Deliveries, p.Reason, p.Again)));
        if (_ledger is not null && _ledger.Checkpoint > _persistedCheckpoint)
        {
            _persistedCheckpoint = _ledger.Checkpoint;
            journalEvents.Add(new GroupCheckpointed(_ledger.Checkpoint));
        }

        if (journalEvents.Count == 0)
        {
            done();
            return;
        }

        var remaining = journalEvents.Count;
        PersistAllAsync(journalEvents, journalEvent =>
        {
            _state = _state.Apply(journalEvent);
            if (++_eventsSinceSnapshot >= _settings.SnapshotEvery && _state.Exists)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_state.ToSnapshot());
                _trimAfterSnapshot = _state.Parked == 0 ? LastSequenceNr : null;
            }

            if (--remaining == 0)
            {
                ParkingRecorded(parked);
                done();
            }
        });
    }

    protected override void PostStop()
    {
        GaugeReadings.RemoveGroup(Kind, _topic, _group);
        base.PostStop();
    }

    /// <summary>Lag and in-flight for the <c>eventcluster.group.*</c> gauges (lag needs a count query, so it is refreshed, not read at scrape time).</summary>
    private void RefreshGaugesNow()
    {
        if (_ledger is null)
        {
            GaugeReadings.RemoveGroup(Kind, _topic, _group);
            return;
        }

        var inFlight = _ledger.InFlight;
        _reader.CountTopicAfterAsync(_topic, _ledger.Checkpoint, CancellationToken.None).PipeTo(
            Self,
            success: lag => new GaugesRead(lag, inFlight),
            failure: _ => new GaugesRead(null, inFlight)); // keep the last reading
    }

    /// <summary>Tells every gateway how this group is doing (<see cref="GroupStatusAnnounced"/>).</summary>
    private void Announce(long lag, bool removed)
    {
        var status = new GroupStatusAnnounced(Kind, _topic, _group, lag, _ledger?.InFlight ?? 0, _state.Parked, _members.Count, _node, removed);
        _commits?.Tell(new Publish(GroupStatusTopic, status));
    }

    private sealed record GaugesRead(long? Lag, int InFlight);

    private sealed class RefreshGauges
    {
        public static readonly RefreshGauges Instance = new();
    }

    private sealed record TopicRead(IReadOnlyList<StoredEvent> Events, int Limit);

    private sealed record ReadFailed(Exception Cause);

    private sealed class Poll
    {
        public static readonly Poll Instance = new();
    }

    private sealed class CheckExpiry
    {
        public static readonly CheckExpiry Instance = new();
    }

    private sealed class RetryDue
    {
        public static readonly RetryDue Instance = new();
    }
}
