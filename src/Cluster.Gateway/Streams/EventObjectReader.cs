using System.Text.Json;
using Messages.Streams;

namespace Cluster.Gateway.Streams;

/// <summary>
/// Reads one event object (<c>eventId</c>, <c>type</c>, <c>data</c>, <c>metadata</c>, and on an
/// ingest line <c>stream</c>), one reader per member. <c>data</c> and <c>metadata</c> are sliced
/// out of the body as raw UTF-8, never materialised or re-serialized: the stored bytes are exactly
/// the client's. Member names are compared as UTF-8, so reading allocates no strings for them.
/// </summary>
internal static class EventObjectReader
{
    private static readonly byte[] JsonNull = "null"u8.ToArray();

    /// <summary>Reads the event object the reader is on and adds it to <paramref name="events"/>; false with a status and an error when it is refused.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, int maxEventBytes, List<EventData> events, out string? stream, out int status, out string? error)
    {
        stream = null;
        status = StatusCodes.Status400BadRequest;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = "An event must be a JSON object.";
            return false;
        }

        var fields = new Fields { Data = JsonNull, Metadata = ReadOnlyMemory<byte>.Empty };
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var member = MemberOf(ref reader);
            reader.Read();
            error = member switch
            {
                Member.EventId => ReadEventId(ref reader, ref fields),
                Member.Type => ReadType(ref reader, ref fields),
                Member.Data => ReadData(ref reader, body, ref fields),
                Member.Metadata => ReadMetadata(ref reader, body, ref fields),
                Member.Stream => ReadStream(ref reader, ref fields),
                _ => Skip(ref reader),
            };
            if (error is not null)
            {
                return false;
            }
        }

        stream = fields.Stream;
        return TryComplete(fields, maxEventBytes, events, ref status, out error);
    }

    private static bool TryComplete(in Fields fields, int maxEventBytes, List<EventData> events, ref int status, out string? error)
    {
        if (fields.Type is null)
        {
            error = "type is required.";
            return false;
        }

        var size = fields.Data.Length + fields.Metadata.Length;
        if (size > maxEventBytes)
        {
            status = StatusCodes.Status413PayloadTooLarge;
            error = $"data + metadata is {size} bytes; the limit is {maxEventBytes}.";
            return false;
        }

        events.Add(new EventData(fields.EventId ?? Guid.NewGuid(), fields.Type, fields.Data, fields.Metadata, EventData.JsonContentType));
        error = null;
        return true;
    }

    private static Member MemberOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("type"u8) ? Member.Type
        : reader.ValueTextEquals("data"u8) ? Member.Data
        : reader.ValueTextEquals("eventId"u8) ? Member.EventId
        : reader.ValueTextEquals("metadata"u8) ? Member.Metadata
        : reader.ValueTextEquals("stream"u8) ? Member.Stream
        : Member.Other;

    private static string? ReadEventId(ref Utf8JsonReader reader, ref Fields fields)
    {
        if (reader.TokenType != JsonTokenType.String || !Guid.TryParse(reader.GetString(), out var id))
        {
            return "eventId must be a UUID string.";
        }

        fields.EventId = id;
        return null;
    }

    private static string? ReadType(ref Utf8JsonReader reader, ref Fields fields)
    {
        fields.Type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return StreamNames.IsValidName(fields.Type) ? null : "type must be a string matching ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$.";
    }

    private static string? ReadData(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, ref Fields fields)
    {
        fields.Data = RawValue(ref reader, body);
        return null;
    }

    /// <summary>An object, or null for none.</summary>
    private static string? ReadMetadata(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, ref Fields fields)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                fields.Metadata = ReadOnlyMemory<byte>.Empty;
                return null;
            case JsonTokenType.StartObject:
                fields.Metadata = RawValue(ref reader, body);
                return null;
            default:
                return "metadata must be a JSON object.";
        }
    }

    /// <summary>Only an ingest line names its stream; the line's parser checks the name.</summary>
    private static string? ReadStream(ref Utf8JsonReader reader, ref Fields fields)
    {
        fields.Stream = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return null;
    }

    /// <summary>Members the API does not know are ignored.</summary>
    private static string? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>The bytes of the value the reader is on (skipping over a whole object or array).</summary>
    private static ReadOnlyMemory<byte> RawValue(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        var raw = body[start..(int)reader.BytesConsumed];

        // Line breaks can only be insignificant whitespace here (JSON strings cannot hold raw ones).
        // Subscriptions send each event on one SSE data line, so only such pretty-printed values
        // are compacted; everything else is kept byte for byte.
        return raw.Span.IndexOfAny((byte)'\n', (byte)'\r') < 0 ? raw : Compact(raw);
    }

    private static byte[] Compact(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private enum Member
    {
        Other,
        EventId,
        Type,
        Data,
        Metadata,
        Stream,
    }

    /// <summary>The members of one event object as read so far.</summary>
    private struct Fields
    {
        public Guid? EventId;
        public string? Type;
        public ReadOnlyMemory<byte> Data;
        public ReadOnlyMemory<byte> Metadata;
        public string? Stream;
    }
}
