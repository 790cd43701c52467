namespace Messages.Streams;

/// <summary>
/// One event as a producer wrote it. <see cref="Data"/> and <see cref="Metadata"/> are the client's
/// UTF-8 JSON exactly as received: carried as bytes, never parsed or re-serialized on the write path.
/// An empty <see cref="Metadata"/> means the event has none.
/// </summary>
public sealed record EventData(
    Guid EventId,
    string Type,
    ReadOnlyMemory<byte> Data,
    ReadOnlyMemory<byte> Metadata,
    string ContentType)
{
    public const string JsonContentType = "application/json";

    /// <summary>Bytes counted against the per-event size limit.</summary>
    public int PayloadSize => Data.Length + Metadata.Length;
}
