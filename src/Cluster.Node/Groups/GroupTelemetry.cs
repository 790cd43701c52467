using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Cluster.Node.Reads;
using Cluster.Node.Telemetry;
using Messages.Groups;
using static Cluster.Node.Groups.GroupEntityMessages;

namespace Cluster.Node.Groups;

/// <summary>
/// What a group entity tells the outside about itself: the <c>eventcluster.group.*</c> gauges of
/// this node and the <see cref="GroupStatusAnnounced"/> every gateway's directory collects. Lag
/// needs a count query, so it is refreshed on a timer (<see cref="Interval"/>), not read at scrape time.
/// </summary>
internal sealed class GroupTelemetry(string kind, string topic, string group, JournalReader reader, IActorRef? mediator, string node, IActorRef entity)
{
    /// <summary>How often the lag is counted and announced.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>Counts the lag behind the checkpoint; the answer comes back to the entity as <see cref="GaugesRead"/>.</summary>
    public void Refresh(GroupLedger? ledger)
    {
        if (ledger is null)
        {
            Forget();
            return;
        }

        var inFlight = ledger.InFlight;
        reader.CountTopicAfterAsync(topic, ledger.Checkpoint, CancellationToken.None).PipeTo(
            entity,
            success: lag => new GaugesRead(lag, inFlight),
            failure: _ => new GaugesRead(null, inFlight)); // keep the last reading
    }

    /// <summary>Answers <see cref="GetGroupStatus"/> once the lag is counted.</summary>
    public void ReplyStatus(ActiveGroup active, int parked, IActorRef sender)
    {
        var (checkpoint, inFlight, members) = (active.Ledger.Checkpoint, active.Ledger.InFlight, active.Members.Count);
        reader.CountTopicAfterAsync(topic, checkpoint, CancellationToken.None).PipeTo(
            sender,
            success: lag => new GroupStatus(checkpoint, lag, inFlight, parked, members, node),
            failure: e => new Status.Failure(e));
    }

    /// <summary>A lag count came back: sets the gauges and announces the status.</summary>
    public void Read(GaugesRead read, ActiveGroup? active, int parked)
    {
        if (read.Lag is { } lag && active is not null)
        {
            GaugeReadings.SetGroup(kind, topic, group, lag, read.InFlight);
            Announce(lag, active.Ledger.InFlight, parked, active.Members.Count, removed: false);
        }
    }

    /// <summary>The group was deleted: its gauges go and every gateway hears it is gone.</summary>
    public void Removed(int parked, int members)
    {
        Forget();
        Announce(0, 0, parked, members, removed: true);
    }

    /// <summary>The entity stopped: this node no longer reports the group.</summary>
    public void Forget() => GaugeReadings.RemoveGroup(kind, topic, group);

    private void Announce(long lag, int inFlight, int parked, int members, bool removed) =>
        mediator?.Tell(new Publish(GroupNames.StatusTopic, new GroupStatusAnnounced(kind, topic, group, lag, inFlight, parked, members, node, removed)));
}
