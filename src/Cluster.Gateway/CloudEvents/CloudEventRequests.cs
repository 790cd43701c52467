using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Gateway.Streams;
using Cluster.Node.Reads;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using Messages.Streams;

namespace Cluster.Gateway.CloudEvents;

/// <summary>
/// <c>POST /streams/{stream}</c> in CloudEvents form, in the three modes of the CloudEvents HTTP
/// binding: structured (<c>application/cloudevents+json</c>), batched
/// (<c>application/cloudevents-batch+json</c>, one atomic append) and binary (<c>ce-*</c> headers,
/// the body being the data). The official SDK parses and validates; this maps each CloudEvent to an
/// event: <c>type</c> → type, <c>data</c> → data (JSON only, else 415), every other attribute into
/// <c>metadata.cloudEvent</c>, and (<c>source</c>, <c>id</c>) → the eventId (<see cref="CloudEventIds"/>).
/// </summary>
internal static class CloudEventRequests
{

    /// <summary>Whether a request speaks CloudEvents: a CloudEvents media type, or binary mode's <c>ce-specversion</c> header.</summary>
    public static bool IsCloudEvents(HttpRequest request) =>
        request.ContentType?.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase) == true
        || request.Headers.ContainsKey("ce-specversion");

    public static async Task<ParsedBatch> ParseAsync(HttpRequest request, ReadOnlyMemory<byte> body, int maxEventBytes, int maxBatchEvents)
    {
        using var message = AsRequestMessage(request, body);
        IReadOnlyList<CloudEvent> cloudEvents;
        try
        {
            cloudEvents = message.IsCloudEventBatch()
                ? await message.ToCloudEventBatchAsync(CloudEventForm.Formatter)
                : [await message.ToCloudEventAsync(CloudEventForm.Formatter)];
        }
        catch (Exception e) when (e is ArgumentException or JsonException or FormatException or InvalidOperationException)
        {
            return ParsedBatch.Fail(StatusCodes.Status400BadRequest, $"Not a valid CloudEvent: {e.Message}");
        }

        if (cloudEvents.Count == 0)
        {
            return ParsedBatch.Fail(StatusCodes.Status400BadRequest, "A CloudEvents batch needs at least one event.");
        }

        if (cloudEvents.Count > maxBatchEvents)
        {
            return ParsedBatch.Fail(StatusCodes.Status413PayloadTooLarge, $"A batch holds at most {maxBatchEvents} events.");
        }

        var events = new List<EventData>(cloudEvents.Count);
        foreach (var cloudEvent in cloudEvents)
        {
            var (e, status, error) = ToEvent(cloudEvent, maxEventBytes);
            if (e is null)
            {
                return ParsedBatch.Fail(status, error!);
            }

            events.Add(e);
        }

        return ParsedBatch.Ok(events);
    }

    private static (EventData? Event, int Status, string? Error) ToEvent(CloudEvent cloudEvent, int maxEventBytes)
    {
        if (!IsJson(cloudEvent.DataContentType))
        {
            return (null, StatusCodes.Status415UnsupportedMediaType, $"Only JSON data is stored: datacontenttype {cloudEvent.DataContentType} is not application/json or …+json.");
        }

        if (cloudEvent.Data is not (null or JsonElement))
        {
            return (null, StatusCodes.Status415UnsupportedMediaType, "Only JSON data is stored (data_base64 is not).");
        }

        if (!StreamNames.IsValidName(cloudEvent.Type))
        {
            return (null, StatusCodes.Status400BadRequest, "The CloudEvent type must match ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$ to be an event type.");
        }

        var data = cloudEvent.Data is JsonElement element ? JsonSerializer.SerializeToUtf8Bytes(element) : "null"u8.ToArray();
        var metadata = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { [CloudEventForm.MetadataMember] = AttributesOf(cloudEvent) });
        if (data.Length + metadata.Length > maxEventBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"One event's data and metadata are larger than {maxEventBytes} bytes.");
        }

        var eventId = CloudEventIds.EventIdOf(cloudEvent.Source!.ToString(), cloudEvent.Id!);
        return (new EventData(eventId, cloudEvent.Type!, data, metadata, EventData.JsonContentType), 0, null);
    }

    /// <summary>Every attribute but <c>type</c> (the event's type) and the data, as the JSON event format writes them.</summary>
    private static JsonObject AttributesOf(CloudEvent cloudEvent)
    {
        var attributes = new JsonObject { ["specversion"] = cloudEvent.SpecVersion.VersionId };
        foreach (var (attribute, value) in cloudEvent.GetPopulatedAttributes())
        {
            if (attribute.Name == CloudEventsSpecVersion.Default.TypeAttribute.Name)
            {
                continue;
            }

            attributes[attribute.Name] = value switch
            {
                int i => JsonValue.Create(i),
                bool b => JsonValue.Create(b),
                _ => JsonValue.Create(attribute.Format(value)),
            };
        }

        return attributes;
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return true;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The request as the SDK's HTTP binding reads it: the body, its Content-Type and the <c>ce-*</c> headers.</summary>
    private static HttpRequestMessage AsRequestMessage(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "http://localhost/") { Content = new ReadOnlyMemoryContent(body) };
        if (request.ContentType is { } contentType)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("ce-", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        return message;
    }
}
