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
/// Reads an append body (one event object or an array of them) or an NDJSON ingest line with
/// <see cref="Utf8JsonReader"/>; each event object is <see cref="EventObjectReader"/>'s.
/// </summary>
internal static class EventBatchParser
{
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

                    if (!EventObjectReader.TryRead(ref reader, body, maxEventBytes, events, out _, out var status, out error))
                    {
                        return ParsedBatch.Fail(status, $"Event {events.Count}: {error}");
                    }
                }

                if (events.Count == 0)
                {
                    return ParsedBatch.Fail(StatusCodes.Status400BadRequest, "The batch is empty; send at least one event.");
                }
            }
            else if (!EventObjectReader.TryRead(ref reader, body, maxEventBytes, events, out _, out var status, out error))
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

            if (!EventObjectReader.TryRead(ref reader, line, maxEventBytes, events, out var stream, out _, out var error))
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
}
