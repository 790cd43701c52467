using Messages.Groups;
using Messages.Streams;

namespace Messages.Tests;

/// <summary>
/// Structural comparison of messages: records compare byte payloads and lists by reference,
/// so a round trip is checked field by field here.
/// </summary>
public static class MessageEquality
{
    public static void AssertSame(object expected, object actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        switch (expected)
        {
            case AppendEvents e:
                var a = (AppendEvents)actual;
                Assert.Equal(e.Stream, a.Stream);
                Assert.Equal(e.ExpectedVersion, a.ExpectedVersion);
                Assert.Equal(e.Events.Count, a.Events.Count);
                for (var i = 0; i < e.Events.Count; i++)
                {
                    AssertSameEvent(e.Events[i], a.Events[i]);
                }

                break;
            case EventRecorded e:
                var r = (EventRecorded)actual;
                Assert.Equal(e.EventId, r.EventId);
                Assert.Equal(e.Type, r.Type);
                Assert.Equal(e.Data.ToArray(), r.Data.ToArray());
                Assert.Equal(e.Metadata.ToArray(), r.Metadata.ToArray());
                Assert.Equal(e.ContentType, r.ContentType);
                Assert.Equal(e.TimestampUnixMs, r.TimestampUnixMs);
                break;
            case StreamSnapshot e:
                var s = (StreamSnapshot)actual;
                Assert.Equal(e.Version, s.Version);
                Assert.Equal(e.RecentEventIds, s.RecentEventIds);
                break;
            case StreamCommitted e:
                var committed = (StreamCommitted)actual;
                Assert.Equal((e.Stream, e.Topic, e.LastSequence), (committed.Stream, committed.Topic, committed.LastSequence));
                Assert.Equal(e.Types, committed.Types);
                break;
            case StreamsCommitted e:
                var batch = (StreamsCommitted)actual;
                Assert.Equal(e.Commits.Count, batch.Commits.Count);
                for (var i = 0; i < e.Commits.Count; i++)
                {
                    AssertSame(e.Commits[i], batch.Commits[i]);
                }

                break;
            case SettleDeliveries e:
                var settle = (SettleDeliveries)actual;
                Assert.Equal((e.Topic, e.Group, e.Ack, e.RetryAfter), (settle.Topic, settle.Group, settle.Ack, settle.RetryAfter));
                Assert.Equal(e.DeliveryIds, settle.DeliveryIds);
                break;
            case DeliveriesSettled e:
                var settled = (DeliveriesSettled)actual;
                Assert.Equal(e.Accepted, settled.Accepted);
                Assert.Equal(e.Unknown, settled.Unknown);
                break;
            case GroupDelivery e:
                var delivery = (GroupDelivery)actual;
                Assert.Equal(e with { Event = delivery.Event }, delivery);
                AssertSame(e.Event, delivery.Event);
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }

    private static void AssertSameEvent(EventData expected, EventData actual)
    {
        Assert.Equal(expected.EventId, actual.EventId);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
        Assert.Equal(expected.Metadata.ToArray(), actual.Metadata.ToArray());
        Assert.Equal(expected.ContentType, actual.ContentType);
    }
}
