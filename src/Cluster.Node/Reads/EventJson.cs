using System.Globalization;
using System.Text.Json;
using Messages.Streams;

namespace Cluster.Node.Reads;

/// <summary>Writes the "event as read" JSON of API.md, copying the stored data and metadata bytes verbatim.</summary>
public static class EventJson
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    // Property names encoded once: a catch-up read writes them for every event.
    private static readonly JsonEncodedText StreamName = JsonEncodedText.Encode("stream");
    private static readonly JsonEncodedText SequenceName = JsonEncodedText.Encode("sequence");
    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText DataName = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText MetadataName = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText TopicName = JsonEncodedText.Encode("topic");
    private static readonly JsonEncodedText OffsetName = JsonEncodedText.Encode("offset");

    public static void Write(Utf8JsonWriter writer, StoredEvent stored)
    {
        var e = stored.Event;
        writer.WriteStartObject();
        writer.WriteString(StreamName, stored.Stream);
        writer.WriteNumber(SequenceName, stored.Sequence);
        writer.WriteString(EventIdName, e.EventId);
        writer.WriteString(TypeName, e.Type);
        writer.WritePropertyName(DataName);
        writer.WriteRawValue(e.Data.Span, skipInputValidation: true);
        writer.WritePropertyName(MetadataName);
        writer.WriteRawValue(e.Metadata.IsEmpty ? EmptyObject : e.Metadata.Span, skipInputValidation: true);
        Span<byte> timestamp = stackalloc byte[32];
        writer.WriteString(TimestampName, timestamp[..FormatTimestamp(e.TimestampUnixMs, timestamp)]);
        writer.WriteString(TopicName, StreamNames.TopicSpanOf(stored.Stream));
        writer.WriteNumber(OffsetName, stored.Offset);
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>"name": [ …events… ]</c>.</summary>
    public static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<StoredEvent> events)
    {
        writer.WriteStartArray(name);
        foreach (var e in events)
        {
            Write(writer, e);
        }

        writer.WriteEndArray();
    }

    /// <summary>The timestamp as API.md writes it (UTC, milliseconds), as UTF-8 into <paramref name="utf8"/>; the bytes written.</summary>
    public static int FormatTimestamp(long unixMs, Span<byte> utf8) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.TryFormat(utf8, out var written, TimestampFormat, CultureInfo.InvariantCulture)
            ? written
            : throw new InvalidOperationException("A timestamp did not fit its buffer.");
}
