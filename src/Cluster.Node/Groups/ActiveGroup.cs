using Akka.Actor;
using Messages.Groups;

namespace Cluster.Node.Groups;

/// <summary>
/// A defined group at work, inside its entity: the ledger, the members it knows by key, handing
/// events out to them, and the timer for events given back with a retry delay. It persists
/// nothing; what must be durable (parked events, the checkpoint) the entity persists.
/// </summary>
internal sealed class ActiveGroup(GroupLedger ledger, ITimerScheduler timers)
{
    private readonly GroupMembers _members = new();
    private DateTimeOffset? _retryTimerAt;

    public GroupLedger Ledger => ledger;

    public GroupMembers Members => _members;

    /// <summary>False when the member was already in.</summary>
    public bool Join(IActorRef member, int? maxInFlight = null)
    {
        if (!_members.TryAdd(member, out var key))
        {
            return false;
        }

        ledger.MemberJoined(key, maxInFlight);
        return true;
    }

    /// <summary>Null when the member was not in; else what it held and was parked on its last try.</summary>
    public IReadOnlyList<ParkedEvent>? Leave(IActorRef member) =>
        _members.Remove(member, out var key) ? ledger.MemberLeft(key) : null;

    /// <summary>Hands the waiting events to members with room.</summary>
    public void Dispatch()
    {
        foreach (var delivery in ledger.Assign(DateTimeOffset.UtcNow))
        {
            if (_members.TryGet(delivery.Member, out var member))
            {
                var e = delivery.Event;
                member.Tell(new GroupDelivery(delivery.Id, delivery.Attempt, e.Stream, e.Sequence, e.Offset, e.Event));
            }
        }
    }

    /// <summary>Wakes the group (<see cref="GroupEntityMessages.RetryDue"/>) when the earliest event given back with a delay may go out again.</summary>
    public void ScheduleRetry()
    {
        var now = DateTimeOffset.UtcNow;
        if (ledger.NextRetryAfter(now) is not { } due || (_retryTimerAt is { } scheduled && scheduled <= due))
        {
            return;
        }

        _retryTimerAt = due;
        timers.StartSingleTimer(nameof(GroupEntityMessages.RetryDue), GroupEntityMessages.RetryDue.Instance, due - now);
    }

    public void RetryNow()
    {
        _retryTimerAt = null;
        Dispatch();
        ScheduleRetry();
    }

    /// <summary>
    /// The group was deleted: its dispatcher child (a webhook's) stops, every other member hears
    /// <paramref name="removed"/> and is no longer watched.
    /// </summary>
    public void Dismiss(IActorContext context, GroupRemoved removed)
    {
        foreach (var child in context.GetChildren())
        {
            _members.Remove(child, out _);
            context.Stop(child);
        }

        foreach (var member in _members.All)
        {
            context.Unwatch(member);
            member.Tell(removed);
        }

        _members.Clear();
    }
}
