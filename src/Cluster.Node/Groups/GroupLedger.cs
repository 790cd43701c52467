using Cluster.Node.Reads;
using Messages.Groups;

namespace Cluster.Node.Groups;

/// <summary>
/// The bookkeeping of one consumer group, without I/O or clocks of its own (the owner passes the
/// time in): the events read from the topic and not yet settled, which member holds which event,
/// redelivery after a nack, a timeout or a member leaving, parking after
/// <see cref="GroupSettings.MaxDeliveries"/>, and the checkpoint (every event of the topic at or
/// below it is acknowledged or parked).
/// </summary>
/// <remarks>
/// Events are handed out lowest offset first. With <see cref="GroupOrdering.Stream"/> a stream
/// with an event out is skipped until that event is settled, so a stream's events are processed
/// one at a time and in order while other streams go to other members.
/// </remarks>
internal sealed partial class GroupLedger(GroupSettings settings, long checkpoint)
{
    private readonly SortedDictionary<long, WaitingEvent> _waiting = [];
    private readonly Dictionary<string, Delivery> _out = [];
    private readonly MemberRoster _roster = new();
    private readonly HashSet<string> _streamsOut = [];

    // Streams whose event was just parked: with stream ordering their next event waits until the
    // parking is in the journal (ParkingRecorded), so it never goes out before the parked list shows it.
    private readonly HashSet<string> _streamsParking = [];
    private readonly SortedSet<long> _unsettled = [];
    private readonly SortedSet<long> _readAboveCheckpoint = [];
    private readonly HashSet<long> _replays = [];

    /// <summary>Every event of the topic at or below this offset is acknowledged or parked (an event's offset, or the starting point).</summary>
    public long Checkpoint { get; private set; } = checkpoint;

    /// <summary>The highest offset read from the topic; reading continues after it.</summary>
    public long ReadPosition { get; private set; } = checkpoint;

    public int InFlight => _out.Count;

    /// <summary>Payload bytes (data + metadata) of the events held in memory: waiting or out with members.</summary>
    public long HeldBytes { get; private set; }

    public int Waiting => _waiting.Count;

    /// <summary>
    /// How many more events the group may read now: <see cref="GroupSettings.ReadAhead"/> minus the
    /// events read above the checkpoint, settled or not; none while the payloads held reach
    /// <see cref="GroupSettings.ReadAheadBytes"/>. So an event nobody acknowledges holds the
    /// group at most that far ahead of it (until it is parked), and the bookkeeping stays bounded.
    /// </summary>
    public int Room => HeldBytes >= settings.ReadAheadBytes ? 0 : Math.Max(0, settings.ReadAhead - _readAboveCheckpoint.Count);

    public IReadOnlyList<string> Members => _roster.Members;

    /// <summary>Takes events read from the topic after <see cref="ReadPosition"/>, in offset order.</summary>
    public void Add(IEnumerable<StoredEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Offset <= ReadPosition)
            {
                continue; // already read: a re-read after a restart or an overlapping page
            }

            _waiting.Add(e.Offset, new WaitingEvent(e, 0));
            HeldBytes += SizeOf(e);
            _unsettled.Add(e.Offset);
            _readAboveCheckpoint.Add(e.Offset);
            ReadPosition = e.Offset;
        }
    }

    /// <summary>Parked events being handed out again (at most <see cref="GroupSettings.ReadAhead"/> at a time).</summary>
    public int Replaying => _replays.Count;

    /// <summary>
    /// Hands parked events out again, as if new (attempts from 1). They sit below the checkpoint, so
    /// settling them does not move it. Events already waiting or out are skipped. Returns how many
    /// were taken: no more than <see cref="GroupSettings.ReadAhead"/> replays are held at once.
    /// </summary>
    public int Replay(IEnumerable<StoredEvent> parked)
    {
        var taken = 0;
        foreach (var e in parked)
        {
            if (_replays.Count >= settings.ReadAhead || _unsettled.Contains(e.Offset) || _replays.Contains(e.Offset))
            {
                continue;
            }

            _replays.Add(e.Offset);
            _waiting.Add(e.Offset, new WaitingEvent(e, 0));
            HeldBytes += SizeOf(e);
            taken++;
        }

        return taken;
    }

    /// <param name="member">The member's key.</param>
    /// <param name="maxInFlight">What this member may hold at most; <see cref="GroupSettings.MaxInFlightPerMember"/> when null.</param>
    public void MemberJoined(string member, int? maxInFlight = null) => _roster.Join(member, maxInFlight ?? settings.MaxInFlightPerMember);

    /// <summary>A member went away: what it held is handed out again (or parked, if that was its last try).</summary>
    public IReadOnlyList<ParkedEvent> MemberLeft(string member)
    {
        _roster.Leave(member);
        var parked = new List<ParkedEvent>();
        foreach (var delivery in _out.Values.Where(d => d.Member == member).ToList())
        {
            Return(delivery, "its member disconnected", parked);
        }

        return parked;
    }

    /// <summary>Hands waiting events to members with room, lowest offset first, members in turn.</summary>
    public IReadOnlyList<Delivery> Assign(DateTimeOffset now)
    {
        var deliveries = new List<Delivery>();
        if (_roster.Members.Count == 0)
        {
            return deliveries;
        }

        // Walks the waiting events in place (no copy of up to read-ahead entries per dispatch);
        // the assigned ones are removed after the walk.
        HashSet<string>? backingOff = null;
        foreach (var (offset, waiting) in _waiting)
        {
            if (settings.Ordering == GroupOrdering.Stream
                && (_streamsOut.Contains(waiting.Event.Stream) || _streamsParking.Contains(waiting.Event.Stream) || backingOff?.Contains(waiting.Event.Stream) == true))
            {
                continue;
            }

            if (waiting.NotBefore > now)
            {
                // Given back with a retry delay: neither it nor, in stream order, its stream's later events go out yet.
                (backingOff ??= []).Add(waiting.Event.Stream);
                continue;
            }

            var member = _roster.NextWithRoom();
            if (member is null)
            {
                break;
            }

            var attempt = waiting.Deliveries + 1;
            var delivery = new Delivery(Delivery.IdOf(offset, attempt), member, waiting.Event, attempt) { DueAt = now + settings.AckTimeout };
            _out.Add(delivery.Id, delivery);
            _roster.Took(member);
            if (settings.Ordering == GroupOrdering.Stream)
            {
                _streamsOut.Add(waiting.Event.Stream);
            }

            deliveries.Add(delivery);
        }

        foreach (var delivery in deliveries)
        {
            _waiting.Remove(delivery.Event.Offset);
        }

        return deliveries;
    }

    /// <summary>Settles a delivery; false for an id that is not out (already settled, or an older attempt).</summary>
    public bool Ack(string deliveryId) => Ack(deliveryId, out _);

    /// <param name="deliveryId">The delivery to settle.</param>
    /// <param name="replayed">The event, when it was a parked event handed out again (now resolved).</param>
    public bool Ack(string deliveryId, out StoredEvent? replayed)
    {
        replayed = null;
        if (!_out.Remove(deliveryId, out var delivery))
        {
            return false;
        }

        Release(delivery);
        if (_replays.Contains(delivery.Event.Offset))
        {
            replayed = delivery.Event;
        }

        Settle(delivery.Event.Offset);
        HeldBytes -= SizeOf(delivery.Event);
        return true;
    }

    /// <summary>
    /// The member gives a delivery back: it is handed out again (or parked on its last try), not
    /// before <paramref name="notBefore"/> when given.
    /// </summary>
    public bool Nack(string deliveryId, out ParkedEvent? parked, DateTimeOffset? notBefore = null)
    {
        parked = null;
        if (!_out.TryGetValue(deliveryId, out var delivery))
        {
            return false;
        }

        var parkedNow = new List<ParkedEvent>(1);
        Return(delivery, "negatively acknowledged", parkedNow, notBefore ?? DateTimeOffset.MinValue);
        parked = parkedNow.FirstOrDefault();
        return true;
    }

    /// <summary>The parking of these events is in the journal: their streams' later events may go out.</summary>
    public void ParkingRecorded(IReadOnlyList<ParkedEvent> parked)
    {
        foreach (var p in parked)
        {
            _streamsParking.Remove(p.Event.Stream);
        }
    }

    /// <summary>Deliveries not acknowledged within the ack timeout are handed out again (or parked).</summary>
    public IReadOnlyList<ParkedEvent> Expire(DateTimeOffset now)
    {
        var parked = new List<ParkedEvent>();
        foreach (var delivery in _out.Values.Where(d => d.DueAt <= now).ToList())
        {
            Return(delivery, "not acknowledged in time", parked);
        }

        return parked;
    }

    /// <summary>The earliest ack deadline of the deliveries out, if any (when to call <see cref="Expire"/>).</summary>
    public DateTimeOffset? NextDeadline => _out.Count == 0 ? null : _out.Values.Min(d => d.DueAt);

    /// <summary>The earliest time after <paramref name="now"/> at which an event given back with a delay may go out again, if any.</summary>
    public DateTimeOffset? NextRetryAfter(DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var waiting in _waiting.Values)
        {
            if (waiting.NotBefore > now && (next is null || waiting.NotBefore < next))
            {
                next = waiting.NotBefore;
            }
        }

        return next;
    }

    private void Return(Delivery delivery, string reason, List<ParkedEvent> parked) => Return(delivery, reason, parked, DateTimeOffset.MinValue);

    private void Return(Delivery delivery, string reason, List<ParkedEvent> parked, DateTimeOffset notBefore)
    {
        _out.Remove(delivery.Id);
        Release(delivery);
        if (delivery.Attempt >= settings.MaxDeliveries)
        {
            var again = _replays.Contains(delivery.Event.Offset);
            Settle(delivery.Event.Offset);
            HeldBytes -= SizeOf(delivery.Event);
            parked.Add(new ParkedEvent(delivery.Event, delivery.Attempt, $"Delivered {delivery.Attempt} times; last {reason}.", again));
            if (settings.Ordering == GroupOrdering.Stream)
            {
                _streamsParking.Add(delivery.Event.Stream);
            }
        }
        else
        {
            _waiting.Add(delivery.Event.Offset, new WaitingEvent(delivery.Event, delivery.Attempt) { NotBefore = notBefore });
        }
    }

    private void Settle(long offset)
    {
        if (_replays.Remove(offset))
        {
            return; // below the checkpoint already
        }

        _unsettled.Remove(offset);
        while (_readAboveCheckpoint.Count > 0 && !_unsettled.Contains(_readAboveCheckpoint.Min))
        {
            Checkpoint = _readAboveCheckpoint.Min;
            _readAboveCheckpoint.Remove(Checkpoint);
        }
    }

    private void Release(Delivery delivery)
    {
        if (settings.Ordering == GroupOrdering.Stream)
        {
            _streamsOut.Remove(delivery.Event.Stream);
        }

        _roster.Released(delivery.Member);
    }

    private static long SizeOf(StoredEvent e) => e.Event.Data.Length + e.Event.Metadata.Length;
}
