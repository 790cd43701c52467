using System.Text.Json;
using Messages.Streams;

namespace Cluster.Gateway.Streams;

/// <summary>The result of parsing an append body: the events, or why the body was refused.</summary>
internal sealed record ParsedBatch(IReadOnlyList<EventData>? Events, int ErrorStatus, string? Error)
{
    public static ParsedBatch Ok(IReadOnlyList<EventData> events) => new(events, 0, null);

    public static ParsedBatch Fail(int status, string error) => new(null, status, error);
}

/// <summary>
/// Reads an append body (one event object or an array of them) with <see cref="Utf8JsonReader"/>.
/// <c>data</c> and <c>metadata</c> are sliced out of the body as raw UTF-8, never materialised
/// or re-serialized: the stored bytes are exactly the client's.
/// </summary>
internal static class EventBatchParser
{
    private static readonly byte[] JsonNull = "null"u8.ToArray();

    /// <param name="body">The request body.</param>
    /// <param name="maxEventBytes">Largest data + metadata of one event (413 above).</param>
    /// <param name="maxBatchEvents">Most events in one batch (413 above).</param>
    public static ParsedBatch Parse(ReadOnlyMemory<byte> body, int maxEventBytes, int maxBatchEvents = int.MaxValue)
    {
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 256 });
        var events = new List<EventData>();
        try
        {
            if (!reader.Read())
            {
                return ParsedBatch.Fail(StatusCodes.Status400BadRequest, "The body is empty; send an event object or an array of them.");
            }

            string? error;
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (events.Count == maxBatchEvents)
                    {
                        return ParsedBatch.Fail(StatusCodes.Status413PayloadTooLarge, $"The batch has more than {maxBatchEvents} events; split it.");
                    }

                    if (!TryReadEvent(ref reader, body, maxEventBytes, events, out _, out var status, out error))
                    {
                        return ParsedBatch.Fail(status, $"Event {events.Count}: {error}");
                    }
                }

                if (events.Count == 0)
                {
                    return ParsedBatch.Fail(StatusCodes.Status400BadRequest, "The batch is empty; send at least one event.");
                }
            }
            else if (!TryReadEvent(ref reader, body, maxEventBytes, events, out _, out var status, out error))
            {
                return ParsedBatch.Fail(status, error!);
            }

            if (reader.Read())
            {
                return ParsedBatch.Fail(StatusCodes.Status400BadRequest, "Unexpected content after the JSON value.");
            }
        }
        catch (JsonException e)
        {
            return ParsedBatch.Fail(StatusCodes.Status400BadRequest, $"Malformed JSON: {e.Message}");
        }

        var ids = events.Count > 1 ? new HashSet<Guid>() : null; // one event cannot repeat its id
        foreach (var e in events)
        {
            if (ids is not null && !ids.Add(e.EventId))
            {
                return ParsedBatch.Fail(StatusCodes.Status400BadRequest, $"eventId {e.EventId} appears more than once in the batch.");
            }
        }

        return ParsedBatch.Ok(events);
    }

    /// <summary>
    /// Parses one NDJSON ingest line: an event object that also names its <c>stream</c>.
    /// Returns the stream and event, or the reason the line is refused.
    /// </summary>
    public static (string? Stream, EventData? Event, string? Error) ParseIngestLine(ReadOnlyMemory<byte> line, int maxEventBytes)
    {
        var reader = new Utf8JsonReader(line.Span, new JsonReaderOptions { MaxDepth = 256 });
        var events = new List<EventData>(1);
        try
        {
            if (!reader.Read())
            {
                return (null, null, "The line is empty.");
            }

            if (!TryReadEvent(ref reader, line, maxEventBytes, events, out var stream, out _, out var error))
            {
                return (null, null, error);
            }

            if (reader.Read())
            {
                return (null, null, "Unexpected content after the JSON object.");
            }

            return StreamNames.IsValidName(stream)
                ? (stream, events[0], null)
                : (null, null, "stream must be a string matching ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$.");
        }
        catch (JsonException e)
        {
            return (null, null, $"Malformed JSON: {e.Message}");
        }
    }

    private static bool TryReadEvent(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, int maxEventBytes, List<EventData> events, out string? stream, out int status, out string? error)
    {
        stream = null;
        status = StatusCodes.Status400BadRequest;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = "An event must be a JSON object.";
            return false;
        }

        Guid? eventId = null;
        string? type = null;
        ReadOnlyMemory<byte> data = JsonNull;
        ReadOnlyMemory<byte> metadata = ReadOnlyMemory<byte>.Empty;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "eventId":
                    if (reader.TokenType != JsonTokenType.String || !Guid.TryParse(reader.GetString(), out var id))
                    {
                        error = "eventId must be a UUID string.";
                        return false;
                    }

                    eventId = id;
                    break;
                case "type":
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (!StreamNames.IsValidName(type))
                    {
                        error = "type must be a string matching ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$.";
                        return false;
                    }

                    break;
                case "data":
                    data = RawValue(ref reader, body);
                    break;
                case "metadata":
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        metadata = ReadOnlyMemory<byte>.Empty;
                        break;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        error = "metadata must be a JSON object.";
                        return false;
                    }

                    metadata = RawValue(ref reader, body);
                    break;
                case "stream":
                    stream = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (type is null)
        {
            error = "type is required.";
            return false;
        }

        var size = data.Length + metadata.Length;
        if (size > maxEventBytes)
        {
            status = StatusCodes.Status413PayloadTooLarge;
            error = $"data + metadata is {size} bytes; the limit is {maxEventBytes}.";
            return false;
        }

        events.Add(new EventData(eventId ?? Guid.NewGuid(), type, data, metadata, EventData.JsonContentType));
        error = null;
        return true;
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
}
