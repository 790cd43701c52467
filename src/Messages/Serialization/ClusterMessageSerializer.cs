using Akka.Actor;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.Serialization;
using Akka.Serialization;
using Google.Protobuf;
using Messages.Streams;
using Wire = Messages.Wire;

namespace Messages.Serialization;

/// <summary>
/// Protobuf serializer for every <see cref="IClusterMessage"/>. Payload bytes are wrapped, not copied,
/// on the way out, so a client's JSON is never re-encoded on the hot path.
/// Manifests are short and permanent: never reuse one for another type.
/// </summary>
public sealed partial class ClusterMessageSerializer : SerializerWithStringManifest
{
    /// <summary>Identifier in the journal's serializer column; fixed forever.</summary>
    public const int Id = 521;

    internal const string AppendEventsManifest = "AE";
    internal const string EventsAppendedManifest = "EA";
    internal const string AppendDeduplicatedManifest = "AD";
    internal const string WrongExpectedVersionManifest = "WV";
    internal const string AppendRejectedManifest = "AR";
    internal const string EventRecordedManifest = "ER";
    private static ReadOnlySpan<byte> EventRecordedManifestUtf8 => "ER"u8; // the same manifest, as stored
    internal const string StreamSnapshotManifest = "SS";
    internal const string StreamCommittedManifest = "SC";
    internal const string AppendFailedManifest = "AF";
    internal const string StreamOverloadedManifest = "SO";
    internal const string StreamsCommittedManifest = "SCS";
    internal const string ChangeStreamLifecycleManifest = "CSL";
    internal const string StreamLifecycleChangedManifest = "SLC";
    internal const string StreamGoneManifest = "SG";
    internal const string StreamNotFoundManifest = "SNF";
    internal const string ProbeCommitFeedManifest = "PCF";
    internal const string CommitFeedReachedManifest = "CFR";


    private const int GuidSize = 16;

    public ClusterMessageSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        AppendEvents => AppendEventsManifest,
        EventsAppended => EventsAppendedManifest,
        AppendDeduplicated => AppendDeduplicatedManifest,
        WrongExpectedVersion => WrongExpectedVersionManifest,
        AppendRejected => AppendRejectedManifest,
        EventRecorded => EventRecordedManifest,
        StreamSnapshot => StreamSnapshotManifest,
        StreamCommitted => StreamCommittedManifest,
        AppendFailed => AppendFailedManifest,
        StreamOverloaded => StreamOverloadedManifest,
        StreamsCommitted => StreamsCommittedManifest,
        ChangeStreamLifecycle => ChangeStreamLifecycleManifest,
        StreamLifecycleChanged => StreamLifecycleChangedManifest,
        StreamGone => StreamGoneManifest,
        StreamNotFound => StreamNotFoundManifest,
        ProbeCommitFeed => ProbeCommitFeedManifest,
        CommitFeedReached => CommitFeedReachedManifest,
        _ => GroupManifest(o),
    };

    public override byte[] ToBinary(object obj) => ToProto(obj).ToByteArray();

    /// <summary>
    /// An <see cref="EventRecorded"/> this serializer stored, read straight from the journal row's
    /// bytes; false for any other serializer or manifest. The journal's read path uses it so that a
    /// catch-up read neither copies each row into an array nor looks the serializer up per row.
    /// </summary>
    public static bool TryReadEventRecorded(int serializerId, ReadOnlySpan<byte> manifestUtf8, ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out EventRecorded? recorded)
    {
        recorded = serializerId == Id && manifestUtf8.SequenceEqual(EventRecordedManifestUtf8)
            ? FromProto(Wire.EventRecorded.Parser.ParseFrom(bytes))
            : null;
        return recorded is not null;
    }

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        AppendEventsManifest => FromProto(Wire.AppendEvents.Parser.ParseFrom(bytes)),
        EventsAppendedManifest => ToEventsAppended(Wire.AppendResult.Parser.ParseFrom(bytes)),
        AppendDeduplicatedManifest => ToDeduplicated(Wire.AppendResult.Parser.ParseFrom(bytes)),
        WrongExpectedVersionManifest => FromProto(Wire.WrongExpectedVersion.Parser.ParseFrom(bytes)),
        AppendRejectedManifest => FromProto(Wire.AppendRejected.Parser.ParseFrom(bytes)),
        EventRecordedManifest => FromProto(Wire.EventRecorded.Parser.ParseFrom(bytes)),
        StreamSnapshotManifest => FromProto(Wire.StreamSnapshot.Parser.ParseFrom(bytes)),
        StreamCommittedManifest => FromProto(Wire.StreamCommitted.Parser.ParseFrom(bytes)),
        AppendFailedManifest => FromProto(Wire.AppendFailed.Parser.ParseFrom(bytes)),
        StreamOverloadedManifest => FromProto(Wire.StreamOverloaded.Parser.ParseFrom(bytes)),
        StreamsCommittedManifest => new StreamsCommitted([.. Wire.StreamsCommitted.Parser.ParseFrom(bytes).Commits.Select(FromProto)]),
        ChangeStreamLifecycleManifest => FromProto(Wire.ChangeStreamLifecycle.Parser.ParseFrom(bytes)),
        StreamLifecycleChangedManifest => FromProto(Wire.StreamLifecycleChanged.Parser.ParseFrom(bytes)),
        StreamGoneManifest => new StreamGone(Wire.StreamName.Parser.ParseFrom(bytes).Stream),
        StreamNotFoundManifest => new StreamNotFound(Wire.StreamName.Parser.ParseFrom(bytes).Stream),
        ProbeCommitFeedManifest => ProbeCommitFeed.Instance,
        CommitFeedReachedManifest => new CommitFeedReached(Wire.CommitFeedReached.Parser.ParseFrom(bytes).Node),
        _ => GroupFromBinary(bytes, manifest),
    };

    private IMessage ToProto(object obj) => obj switch
    {
        AppendEvents m => ToProto(m),
        EventsAppended m => new Wire.AppendResult { Stream = m.Stream, FirstSequence = m.FirstSequence, LastSequence = m.LastSequence },
        AppendDeduplicated m => new Wire.AppendResult { Stream = m.Stream, FirstSequence = m.FirstSequence, LastSequence = m.LastSequence },
        WrongExpectedVersion m => new Wire.WrongExpectedVersion { Stream = m.Stream, ExpectedVersion = m.Expected.Code, CurrentVersion = m.CurrentVersion },
        AppendRejected m => new Wire.AppendRejected { Stream = m.Stream, Reason = m.Reason, CurrentVersion = m.CurrentVersion },
        EventRecorded m => ToProto(m),
        StreamSnapshot m => ToProto(m),
        StreamCommitted m => ToProto(m),
        StreamsCommitted m => new Wire.StreamsCommitted { Commits = { m.Commits.Select(ToProto) } },
        AppendFailed m => new Wire.AppendFailed { Stream = m.Stream, Reason = m.Reason },
        StreamOverloaded m => new Wire.StreamOverloaded { Stream = m.Stream, QueuedAppends = m.QueuedAppends },
        ChangeStreamLifecycle m => new Wire.ChangeStreamLifecycle { Stream = m.Stream, Change = (int)m.Change, TruncateBefore = m.TruncateBefore },
        StreamLifecycleChanged m => new Wire.StreamLifecycleChanged { Stream = m.Stream, Version = m.Version, ReadableFrom = m.ReadableFrom },
        StreamGone m => new Wire.StreamName { Stream = m.Stream },
        StreamNotFound m => new Wire.StreamName { Stream = m.Stream },
        ProbeCommitFeed => new Wire.ProbeCommitFeed(),
        CommitFeedReached m => new Wire.CommitFeedReached { Node = m.Node },
        _ => GroupToProto(obj),
    };

    private static Wire.AppendEvents ToProto(AppendEvents m)
    {
        var proto = new Wire.AppendEvents { Stream = m.Stream, ExpectedVersion = m.ExpectedVersion.Code, TraceParent = m.TraceParent ?? "" };
        foreach (var e in m.Events)
        {
            proto.Events.Add(new Wire.EventData
            {
                EventId = GuidBytes(e.EventId),
                Type = e.Type,
                Data = UnsafeByteOperations.UnsafeWrap(e.Data),
                Metadata = UnsafeByteOperations.UnsafeWrap(e.Metadata),
                ContentType = e.ContentType,
            });
        }

        return proto;
    }

    private static AppendEvents FromProto(Wire.AppendEvents p)
    {
        var events = new EventData[p.Events.Count];
        for (var i = 0; i < events.Length; i++)
        {
            var e = p.Events[i];
            events[i] = new EventData(ToGuid(e.EventId), e.Type, e.Data.Memory, e.Metadata.Memory, e.ContentType);
        }

        return new AppendEvents(p.Stream, Streams.ExpectedVersion.FromCode(p.ExpectedVersion), events)
        {
            TraceParent = p.TraceParent.Length > 0 ? p.TraceParent : null,
        };
    }

    private static EventsAppended ToEventsAppended(Wire.AppendResult p) => new(p.Stream, p.FirstSequence, p.LastSequence);

    private static AppendDeduplicated ToDeduplicated(Wire.AppendResult p) => new(p.Stream, p.FirstSequence, p.LastSequence);

    private static WrongExpectedVersion FromProto(Wire.WrongExpectedVersion p) =>
        new(p.Stream, Streams.ExpectedVersion.FromCode(p.ExpectedVersion), p.CurrentVersion);

    private static AppendRejected FromProto(Wire.AppendRejected p) => new(p.Stream, p.Reason, p.CurrentVersion);

    private static Wire.EventRecorded ToProto(EventRecorded m) => new()
    {
        EventId = GuidBytes(m.EventId),
        Type = m.Type,
        Data = UnsafeByteOperations.UnsafeWrap(m.Data),
        Metadata = UnsafeByteOperations.UnsafeWrap(m.Metadata),
        ContentType = m.ContentType,
        TimestampUnixMs = m.TimestampUnixMs,
    };

    private static EventRecorded FromProto(Wire.EventRecorded p) =>
        new(ToGuid(p.EventId), p.Type, p.Data.Memory, p.Metadata.Memory, p.ContentType, p.TimestampUnixMs);

    private static Wire.StreamSnapshot ToProto(StreamSnapshot m)
    {
        var ids = new byte[m.RecentEventIds.Count * GuidSize];
        for (var i = 0; i < m.RecentEventIds.Count; i++)
        {
            m.RecentEventIds[i].TryWriteBytes(ids.AsSpan(i * GuidSize, GuidSize));
        }

        return new Wire.StreamSnapshot { Version = m.Version, RecentEventIds = UnsafeByteOperations.UnsafeWrap(ids) };
    }

    private static StreamSnapshot FromProto(Wire.StreamSnapshot p)
    {
        var bytes = p.RecentEventIds.Span;
        if (bytes.Length % GuidSize != 0)
        {
            throw new SerializationException("A stream snapshot's id list is not a whole number of ids.");
        }

        var ids = new Guid[bytes.Length / GuidSize];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = new Guid(bytes.Slice(i * GuidSize, GuidSize));
        }

        return new StreamSnapshot(p.Version, ids);
    }

    private static Wire.StreamCommitted ToProto(StreamCommitted m) =>
        new() { Stream = m.Stream, Topic = m.Topic, LastSequence = m.LastSequence, EventTypes = { m.Types } };

    private static StreamCommitted FromProto(Wire.StreamCommitted p) => new(p.Stream, p.Topic, p.LastSequence) { Types = [.. p.EventTypes] };

    private static AppendFailed FromProto(Wire.AppendFailed p) => new(p.Stream, p.Reason);

    private static StreamOverloaded FromProto(Wire.StreamOverloaded p) => new(p.Stream, p.QueuedAppends);

    private static ChangeStreamLifecycle FromProto(Wire.ChangeStreamLifecycle p) =>
        Enum.IsDefined((LifecycleChange)p.Change)
            ? new(p.Stream, (LifecycleChange)p.Change, p.TruncateBefore)
            : throw new SerializationException($"Unknown lifecycle change {p.Change}.");

    private static StreamLifecycleChanged FromProto(Wire.StreamLifecycleChanged p) => new(p.Stream, p.Version, p.ReadableFrom);

    private static ByteString GuidBytes(Guid id) => UnsafeByteOperations.UnsafeWrap(id.ToByteArray());

    private static Guid ToGuid(ByteString bytes) =>
        bytes.Length == GuidSize ? new Guid(bytes.Span) : throw new SerializationException("An event id must be 16 bytes.");
}
