using System.Text;
using Akka.Actor;
using Messages.Groups;
using Messages.Streams;

namespace Messages.Tests;

/// <summary>One filled-in instance of every message type, with non-default values in every field.</summary>
public static class SampleMessages
{
    private static readonly EventData Deposited = new(
        Guid.Parse("6f1c7a39-0c8e-4f43-9a7a-2b9b8d0e1a11"),
        "Deposited",
        Encoding.UTF8.GetBytes("""{"amount":10,"note":"café ☕"}"""),
        Encoding.UTF8.GetBytes("""{"trace":"t-1"}"""),
        EventData.JsonContentType);

    private static readonly EventData Withdrawn = new(
        Guid.Parse("0b0e7f8a-5d3c-4a0e-8a55-1d1f2e3c4b5a"), "Withdrawn", "null"u8.ToArray(), ReadOnlyMemory<byte>.Empty, EventData.JsonContentType);

    /// <param name="member">The actor ref group membership messages carry (one that resolves in the test's system).</param>
    public static IEnumerable<IClusterMessage> All(IActorRef? member = null)
    {
        member ??= ActorRefs.Nobody;
        yield return new AppendEvents("acct-42", ExpectedVersion.Exactly(7), [Deposited, Withdrawn]);
        yield return new AppendEvents("acct-42", ExpectedVersion.Any, [Deposited]);
        yield return new AppendEvents("acct-42", ExpectedVersion.NoStream, [Deposited]);
        yield return new AppendEvents("acct-42", ExpectedVersion.Any, [Deposited]) { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
        yield return new AppendEvents("acct-42", ExpectedVersion.StreamExists, [Deposited]);
        yield return new EventsAppended("acct-42", 8, 9);
        yield return new AppendDeduplicated("acct-42", 3, 4);
        yield return new WrongExpectedVersion("acct-42", ExpectedVersion.Exactly(3), 9);
        yield return new AppendRejected("acct-42", "mixed batch", 9);
        yield return EventRecorded.From(Deposited, 1_764_300_000_123);
        yield return EventRecorded.From(Withdrawn, 1);
        yield return new StreamSnapshot(1000, [Deposited.EventId, Withdrawn.EventId]);
        yield return new StreamSnapshot(0, []);
        yield return new GroupStatusAnnounced("webhook", "acct", "audit", 12, 3, 1, 1, "akka.tcp://event-cluster@10.0.0.5:4053", Removed: false);
        yield return new StreamCommitted("acct-42", "acct", 9) { Types = ["Deposited", "Withdrawn"] };
        yield return new StreamsCommitted([new StreamCommitted("acct-42", "acct", 9) { Types = ["Deposited"] }, new StreamCommitted("card-1", "card", 3) { Types = ["Opened", "Charged"] }]);
        yield return new AppendFailed("acct-42", "disk full");
        yield return new StreamOverloaded("acct-42", 1000);
        yield return new ChangeStreamLifecycle("acct-42", LifecycleChange.SoftDelete);
        yield return new ChangeStreamLifecycle("acct-42", LifecycleChange.HardDelete);
        yield return new ChangeStreamLifecycle("acct-42", LifecycleChange.Truncate, 17);
        yield return new StreamLifecycleChanged("acct-42", 20, 17);
        yield return new StreamGone("acct-42");
        yield return new StreamNotFound("acct-42");
        yield return ProbeCommitFeed.Instance;
        yield return new CommitFeedReached("akka.tcp://event-cluster@10.0.0.5:4053");
        yield return new GroupDefined("acct", "statements", new GroupDefinition(GroupStart.Latest, 45, 7, GroupOrdering.None), 1234);
        yield return new GroupDefined("$all", "audit", new GroupDefinition(GroupStart.Earliest, 30, 5, GroupOrdering.Stream), 0);
        yield return new GroupCheckpointed(98_765);
        yield return new GroupEventParked("acct-42", 3, 1234, 5, "Delivered 5 times; last not acknowledged in time.");
        yield return new GroupDeleted("acct", "statements");
        yield return new GroupParkedResolved(1234);
        yield return new GroupEventParked("acct-42", 3, 1234, 2, "Delivered 2 times; last negatively acknowledged.", Again: true);
        yield return new ReplayParked("acct", "statements");
        yield return new ParkedReplayed(12);
        yield return new GroupSnapshot(new GroupDefined("acct", "statements", new GroupDefinition(GroupStart.Latest, 45, 7, GroupOrdering.None), 12), 345, 6);
        yield return new CreateGroup("acct", "statements", new GroupDefinition(GroupStart.Earliest, 30, 5, GroupOrdering.Stream));
        yield return new GetGroupStatus("acct", "statements");
        yield return new DeleteGroup("$all", "audit");
        yield return new JoinGroup("acct", "statements", member);
        yield return new LeaveGroup("acct", "statements", member);
        yield return new SettleDeliveries("acct", "statements", ["1234.1", "1240.2"], Ack: true);
        yield return new SettleDeliveries("acct", "statements", ["1234.1"], Ack: false);
        yield return new SettleDeliveries("acct", "$webhook", ["1234.3"], Ack: false) { RetryAfter = TimeSpan.FromMilliseconds(4000) };
        yield return new CreateGroup("acct", "large-withdrawals", new GroupDefinition(
            GroupStart.Earliest, 15, 10, GroupOrdering.Stream, new WebhookTarget("http://127.0.0.1:9000/hook", "s3cret", 16)));
        yield return new GroupDefined("acct", "w2", new GroupDefinition(
            GroupStart.Latest, 15, 10, GroupOrdering.Stream, new WebhookTarget("http://127.0.0.1:9000/hook", "whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", 4, WebhookFormat.CloudEvents)), 77);
        yield return new GroupCreated(true);
        yield return new GroupCreated(false);
        yield return new GroupSettingsConflict(new GroupDefinition(GroupStart.Latest, 10, 2, GroupOrdering.None));
        yield return new GroupNotFound("acct", "nope");
        yield return new GroupRemoved("acct", "statements");
        yield return new GroupJoined(64);
        yield return new GroupStatus(1234, 56, 7, 8, 3, "akka.tcp://event-cluster@127.0.0.1:4053");
        yield return new DeliveriesSettled(1, ["1240.2"]);
        yield return new GroupDelivery("1234.2", 2, "acct-42", 3, 1234, EventRecorded.From(Deposited, 1_764_300_000_123));
    }
}
