using System.Runtime.Serialization;
using Messages.Groups;
using Wire = Messages.Wire;

namespace Messages.Serialization;

/// <summary>The consumer-group messages of <see cref="ClusterMessageSerializer"/>.</summary>
public sealed partial class ClusterMessageSerializer
{
    private static Wire.GroupDefined ToProto(GroupDefined m) => new()
    {
        Topic = m.Topic,
        Group = m.Group,
        StartCheckpoint = m.StartCheckpoint,
        Definition = new Wire.GroupDefinition
        {
            StartFrom = (int)m.Definition.StartFrom,
            AckTimeoutSeconds = m.Definition.AckTimeoutSeconds,
            MaxDeliveries = m.Definition.MaxDeliveries,
            Ordering = (int)m.Definition.Ordering,
        },
    };

    private static GroupDefined FromProto(Wire.GroupDefined p)
    {
        var d = p.Definition ?? throw new SerializationException("A group definition is missing.");
        return new GroupDefined(
            p.Topic,
            p.Group,
            new GroupDefinition(KnownEnum<GroupStart>(d.StartFrom), d.AckTimeoutSeconds, d.MaxDeliveries, KnownEnum<GroupOrdering>(d.Ordering)),
            p.StartCheckpoint);
    }

    private static GroupEventParked FromProto(Wire.GroupEventParked p) => new(p.Stream, p.Sequence, p.Offset, p.Deliveries, p.Reason);

    private static GroupDeleted FromProto(Wire.GroupDeleted p) => new(p.Topic, p.Group);

    /// <summary>An enum read from the wire must be one of its declared values: nothing else is made up.</summary>
    private static T KnownEnum<T>(int value)
        where T : struct, Enum =>
        Enum.IsDefined(typeof(T), value) ? (T)(object)value : throw new SerializationException($"{value} is not a {typeof(T).Name}.");
}
