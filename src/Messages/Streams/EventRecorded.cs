namespace Messages.Streams;

/// <summary>
/// The journal's record of one event. Its stream is the persistence id and its sequence the
/// journal's sequence number, so neither is repeated here.
/// </summary>
public sealed record EventRecorded(
    Guid EventId,
    string Type,
    ReadOnlyMemory<byte> Data,
    ReadOnlyMemory<byte> Metadata,
    string ContentType,
    long TimestampUnixMs) : IClusterMessage
{
    public static EventRecorded From(EventData e, long timestampUnixMs) =>
        new(e.EventId, e.Type, e.Data, e.Metadata, e.ContentType, timestampUnixMs);
}
