using System.Globalization;
using System.Text.Json;

namespace Cluster.Node.Reads;

/// <summary>Writes the "event as read" JSON of API.md, copying the stored data and metadata bytes verbatim.</summary>
public static class EventJson
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    public static void Write(Utf8JsonWriter writer, StoredEvent stored)
    {
        var e = stored.Event;
        writer.WriteStartObject();
        writer.WriteString("stream", stored.Stream);
        writer.WriteNumber("sequence", stored.Sequence);
        writer.WriteString("eventId", e.EventId);
        writer.WriteString("type", e.Type);
        writer.WritePropertyName("data");
        writer.WriteRawValue(e.Data.Span, skipInputValidation: true);
        writer.WritePropertyName("metadata");
        writer.WriteRawValue(e.Metadata.IsEmpty ? EmptyObject : e.Metadata.Span, skipInputValidation: true);
        writer.WriteString("timestamp", FormatTimestamp(e.TimestampUnixMs));
        writer.WriteString("topic", stored.Topic);
        writer.WriteNumber("offset", stored.Offset);
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

    public static string FormatTimestamp(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
