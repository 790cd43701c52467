using System.Runtime.Serialization;
using Akka.Actor;
using Google.Protobuf;
using Messages.Groups;
using Wire = Messages.Wire;

namespace Messages.Serialization;

/// <summary>The consumer-group messages of <see cref="ClusterMessageSerializer"/>.</summary>
public sealed partial class ClusterMessageSerializer
{
    internal const string GroupDefinedManifest = "GD";
    internal const string GroupCheckpointedManifest = "GC";
    internal const string GroupEventParkedManifest = "GP";
    internal const string GroupDeletedManifest = "GX";
    internal const string GroupSnapshotManifest = "GSN";
    internal const string GroupParkedResolvedManifest = "GPR";
    internal const string ReplayParkedManifest = "GRP";
    internal const string ParkedReplayedManifest = "GRD";
    internal const string CreateGroupManifest = "GCR";
    internal const string GetGroupStatusManifest = "GGS";
    internal const string DeleteGroupManifest = "GDL";
    internal const string JoinGroupManifest = "GJ";
    internal const string LeaveGroupManifest = "GL";
    internal const string SettleDeliveriesManifest = "GSD";
    internal const string GroupCreatedManifest = "GOK";
    internal const string GroupSettingsConflictManifest = "GSC";
    internal const string GroupNotFoundManifest = "GNF";
    internal const string GroupRemovedManifest = "GRM";
    internal const string GroupJoinedManifest = "GJD";
    internal const string GroupStatusManifest = "GST";
    internal const string DeliveriesSettledManifest = "GDS";
    internal const string GroupDeliveryManifest = "GDV";
    internal const string GroupStatusAnnouncedManifest = "GSA";

    private static string GroupManifest(object o) => o switch
    {
        GroupDefined => GroupDefinedManifest,
        GroupCheckpointed => GroupCheckpointedManifest,
        GroupEventParked => GroupEventParkedManifest,
        GroupDeleted => GroupDeletedManifest,
        GroupSnapshot => GroupSnapshotManifest,
        GroupParkedResolved => GroupParkedResolvedManifest,
        ReplayParked => ReplayParkedManifest,
        ParkedReplayed => ParkedReplayedManifest,
        CreateGroup => CreateGroupManifest,
        GetGroupStatus => GetGroupStatusManifest,
        DeleteGroup => DeleteGroupManifest,
        JoinGroup => JoinGroupManifest,
        LeaveGroup => LeaveGroupManifest,
        SettleDeliveries => SettleDeliveriesManifest,
        GroupCreated => GroupCreatedManifest,
        GroupSettingsConflict => GroupSettingsConflictManifest,
        GroupNotFound => GroupNotFoundManifest,
        GroupRemoved => GroupRemovedManifest,
        GroupJoined => GroupJoinedManifest,
        GroupStatus => GroupStatusManifest,
        DeliveriesSettled => DeliveriesSettledManifest,
        GroupDelivery => GroupDeliveryManifest,
        GroupStatusAnnounced => GroupStatusAnnouncedManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not serialized by {nameof(ClusterMessageSerializer)}.", nameof(o)),
    };

    private object GroupFromBinary(byte[] bytes, string manifest) => manifest switch
    {
        GroupDefinedManifest => FromProto(Wire.GroupDefined.Parser.ParseFrom(bytes)),
        GroupCheckpointedManifest => new GroupCheckpointed(Wire.GroupCheckpointed.Parser.ParseFrom(bytes).Checkpoint),
        GroupEventParkedManifest => FromProto(Wire.GroupEventParked.Parser.ParseFrom(bytes)),
        GroupDeletedManifest => Key(Wire.GroupKey.Parser.ParseFrom(bytes), (t, g) => new GroupDeleted(t, g)),
        GroupSnapshotManifest => FromProto(Wire.GroupSnapshot.Parser.ParseFrom(bytes)),
        GroupParkedResolvedManifest => new GroupParkedResolved(Wire.GroupParkedResolved.Parser.ParseFrom(bytes).Offset),
        ReplayParkedManifest => Key(Wire.GroupKey.Parser.ParseFrom(bytes), (t, g) => new ReplayParked(t, g)),
        ParkedReplayedManifest => new ParkedReplayed(Wire.ParkedReplayed.Parser.ParseFrom(bytes).Count),
        CreateGroupManifest => FromProto(Wire.CreateGroup.Parser.ParseFrom(bytes)),
        GetGroupStatusManifest => Key(Wire.GroupKey.Parser.ParseFrom(bytes), (t, g) => new GetGroupStatus(t, g)),
        DeleteGroupManifest => Key(Wire.GroupKey.Parser.ParseFrom(bytes), (t, g) => new DeleteGroup(t, g)),
        JoinGroupManifest => Member(Wire.GroupMember.Parser.ParseFrom(bytes), (t, g, m) => new JoinGroup(t, g, m)),
        LeaveGroupManifest => Member(Wire.GroupMember.Parser.ParseFrom(bytes), (t, g, m) => new LeaveGroup(t, g, m)),
        SettleDeliveriesManifest => FromProto(Wire.SettleDeliveries.Parser.ParseFrom(bytes)),
        GroupCreatedManifest => new GroupCreated(Wire.GroupCreated.Parser.ParseFrom(bytes).Created),
        GroupSettingsConflictManifest => new GroupSettingsConflict(FromProto(Wire.GroupDefinition.Parser.ParseFrom(bytes))),
        GroupNotFoundManifest => Key(Wire.GroupKey.Parser.ParseFrom(bytes), (t, g) => new GroupNotFound(t, g)),
        GroupRemovedManifest => Key(Wire.GroupKey.Parser.ParseFrom(bytes), (t, g) => new GroupRemoved(t, g)),
        GroupJoinedManifest => new GroupJoined(Wire.GroupJoined.Parser.ParseFrom(bytes).MaxInFlight),
        GroupStatusManifest => FromProto(Wire.GroupStatus.Parser.ParseFrom(bytes)),
        DeliveriesSettledManifest => FromProto(Wire.DeliveriesSettled.Parser.ParseFrom(bytes)),
        GroupDeliveryManifest => FromProto(Wire.GroupDelivery.Parser.ParseFrom(bytes)),
        GroupStatusAnnouncedManifest => FromProto(Wire.GroupStatusAnnounced.Parser.ParseFrom(bytes)),
        _ => throw new SerializationException($"Unknown manifest '{manifest}' for {nameof(ClusterMessageSerializer)}."),
    };

    private IMessage GroupToProto(object obj) => obj switch
    {
        GroupDefined m => ToProto(m),
        GroupParkedResolved m => new Wire.GroupParkedResolved { Offset = m.Offset },
        GroupStatusAnnounced m => new Wire.GroupStatusAnnounced
        {
            Kind = m.Kind,
            Topic = m.Topic,
            Name = m.Name,
            Lag = m.Lag,
            InFlight = m.InFlight,
            Parked = m.Parked,
            Members = m.Members,
            Node = m.Node,
            Removed = m.Removed,
        },
        ReplayParked m => KeyOf(m.Topic, m.Group),
        ParkedReplayed m => new Wire.ParkedReplayed { Count = m.Count },
        GroupSnapshot m => new Wire.GroupSnapshot { Defined = ToProto(m.Defined), Checkpoint = m.Checkpoint, Parked = m.Parked },
        GroupCheckpointed m => new Wire.GroupCheckpointed { Checkpoint = m.Checkpoint },
        GroupEventParked m => new Wire.GroupEventParked { Stream = m.Stream, Sequence = m.Sequence, Offset = m.Offset, Deliveries = m.Deliveries, Reason = m.Reason, Again = m.Again },
        GroupDeleted m => KeyOf(m.Topic, m.Group),
        CreateGroup m => new Wire.CreateGroup { Key = KeyOf(m.Topic, m.Group), Definition = ToProto(m.Definition) },
        GetGroupStatus m => KeyOf(m.Topic, m.Group),
        DeleteGroup m => KeyOf(m.Topic, m.Group),
        JoinGroup m => new Wire.GroupMember { Key = KeyOf(m.Topic, m.Group), Member = Akka.Serialization.Serialization.SerializedActorPath(m.Member) },
        LeaveGroup m => new Wire.GroupMember { Key = KeyOf(m.Topic, m.Group), Member = Akka.Serialization.Serialization.SerializedActorPath(m.Member) },
        SettleDeliveries m => new Wire.SettleDeliveries
        {
            Key = KeyOf(m.Topic, m.Group),
            DeliveryIds = { m.DeliveryIds },
            Ack = m.Ack,
            RetryAfterMs = (long)m.RetryAfter.TotalMilliseconds,
        },
        GroupCreated m => new Wire.GroupCreated { Created = m.Created },
        GroupSettingsConflict m => ToProto(m.Existing),
        GroupNotFound m => KeyOf(m.Topic, m.Group),
        GroupRemoved m => KeyOf(m.Topic, m.Group),
        GroupJoined m => new Wire.GroupJoined { MaxInFlight = m.MaxInFlight },
        GroupStatus m => new Wire.GroupStatus { Checkpoint = m.Checkpoint, Lag = m.Lag, InFlight = m.InFlight, Parked = m.Parked, Members = m.Members, Node = m.Node },
        DeliveriesSettled m => new Wire.DeliveriesSettled { Accepted = m.Accepted, Unknown = { m.Unknown } },
        GroupDelivery m => new Wire.GroupDelivery
        {
            DeliveryId = m.DeliveryId,
            Attempt = m.Attempt,
            Stream = m.Stream,
            Sequence = m.Sequence,
            Offset = m.Offset,
            Event = ToProto(m.Event),
        },
        _ => throw new ArgumentException($"{obj.GetType()} is not serialized by {nameof(ClusterMessageSerializer)}.", nameof(obj)),
    };

    private static Wire.GroupDefinition ToProto(GroupDefinition d) => new()
    {
        StartFrom = (int)d.StartFrom,
        AckTimeoutSeconds = d.AckTimeoutSeconds,
        MaxDeliveries = d.MaxDeliveries,
        Ordering = (int)d.Ordering,
        Webhook = d.Webhook is { } w ? new Wire.WebhookTarget { Url = w.Url, Secret = w.Secret, MaxInFlight = w.MaxInFlight, Format = (Wire.WebhookFormat)w.Format } : null,
    };

    private static GroupDefinition FromProto(Wire.GroupDefinition? d) =>
        d is null
            ? throw new SerializationException("A group definition is missing.")
            : new GroupDefinition(
                KnownEnum<GroupStart>(d.StartFrom),
                d.AckTimeoutSeconds,
                d.MaxDeliveries,
                KnownEnum<GroupOrdering>(d.Ordering),
                d.Webhook is { } w ? new WebhookTarget(w.Url, w.Secret, w.MaxInFlight, (WebhookFormat)w.Format) : null);

    private static Wire.GroupDefined ToProto(GroupDefined m) =>
        new() { Topic = m.Topic, Group = m.Group, Definition = ToProto(m.Definition), StartCheckpoint = m.StartCheckpoint };

    private static GroupSnapshot FromProto(Wire.GroupSnapshot p) =>
        new(FromProto(p.Defined ?? throw new SerializationException("A group snapshot has no definition.")), p.Checkpoint, p.Parked);

    private static GroupDefined FromProto(Wire.GroupDefined p) => new(p.Topic, p.Group, FromProto(p.Definition), p.StartCheckpoint);

    private static GroupEventParked FromProto(Wire.GroupEventParked p) => new(p.Stream, p.Sequence, p.Offset, p.Deliveries, p.Reason, p.Again);

    private static CreateGroup FromProto(Wire.CreateGroup p) => Key(p.Key, (t, g) => new CreateGroup(t, g, FromProto(p.Definition)));

    private static SettleDeliveries FromProto(Wire.SettleDeliveries p) => Key(p.Key, (t, g) => new SettleDeliveries(t, g, [.. p.DeliveryIds], p.Ack)
    {
        RetryAfter = TimeSpan.FromMilliseconds(Math.Max(0, p.RetryAfterMs)),
    });

    private static GroupStatus FromProto(Wire.GroupStatus p) => new(p.Checkpoint, p.Lag, p.InFlight, p.Parked, p.Members, p.Node);

    private static DeliveriesSettled FromProto(Wire.DeliveriesSettled p) => new(p.Accepted, [.. p.Unknown]);

    private static GroupDelivery FromProto(Wire.GroupDelivery p) =>
        new(p.DeliveryId, p.Attempt, p.Stream, p.Sequence, p.Offset,
            FromProto(p.Event ?? throw new SerializationException("A group delivery has no event.")));

    private static GroupStatusAnnounced FromProto(Wire.GroupStatusAnnounced p) =>
        new(p.Kind, p.Topic, p.Name, p.Lag, p.InFlight, p.Parked, p.Members, p.Node, p.Removed);

    private static Wire.GroupKey KeyOf(string topic, string group) => new() { Topic = topic, Group = group };

    private static T Key<T>(Wire.GroupKey? key, Func<string, string, T> create) =>
        key is null ? throw new SerializationException("A group message has no topic and group.") : create(key.Topic, key.Group);

    private T Member<T>(Wire.GroupMember p, Func<string, string, IActorRef, T> create) =>
        Key(p.Key, (topic, group) => create(topic, group, system.Provider.ResolveActorRef(p.Member)));

    /// <summary>An enum read from the wire must be one of its declared values: nothing else is made up.</summary>
    private static T KnownEnum<T>(int value)
        where T : struct, Enum =>
        Enum.IsDefined(typeof(T), value) ? (T)(object)value : throw new SerializationException($"{value} is not a {typeof(T).Name}.");
}
