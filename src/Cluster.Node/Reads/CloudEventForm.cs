using System.Globalization;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Cluster.Node.Reads;

/// <summary>
/// Stored events in CloudEvents form (the JSON event format, written by the official SDK), for reads
/// with <c>Accept: application/cloudevents-batch+json</c>, SSE subscriptions with
/// <c>?format=cloudevents</c> and webhooks with <c>format: "cloudevents"</c>. An event published as a CloudEvent gets its original attributes back
/// (from <c>metadata.cloudEvent</c>); any other gets <c>id</c> = eventId, <c>source</c> =
/// <c>/streams/{stream}</c>, <c>subject</c> = stream, <c>time</c> = timestamp. Every one carries the
/// extensions <c>stream</c>, <c>sequence</c> and, on topic reads, <c>offset</c>; the last two are
/// strings, because a CloudEvents integer is 32-bit and positions are not.
/// </summary>
public static class CloudEventForm
{
    public const string MediaType = "application/cloudevents+json";
    public const string BatchMediaType = "application/cloudevents-batch+json";

    /// <summary>Where an event published as a CloudEvent keeps its attributes, in its metadata.</summary>
    public const string MetadataMember = "cloudEvent";
    private static readonly CloudEventAttribute StreamAttribute = CloudEventAttribute.CreateExtension("stream", CloudEventAttributeType.String);
    private static readonly CloudEventAttribute SequenceAttribute = CloudEventAttribute.CreateExtension("sequence", CloudEventAttributeType.String);
    private static readonly CloudEventAttribute OffsetAttribute = CloudEventAttribute.CreateExtension("offset", CloudEventAttributeType.String);
    private static readonly CloudEventAttribute[] StreamPositions = [StreamAttribute, SequenceAttribute];
    private static readonly CloudEventAttribute[] TopicPositions = [StreamAttribute, SequenceAttribute, OffsetAttribute];

    /// <summary>The SDK's JSON event format, for reading CloudEvents as well as writing them.</summary>
    public static JsonEventFormatter Formatter { get; } = new();

    /// <summary>A page as a JSON array of structured CloudEvents (batched mode).</summary>
    public static ReadOnlyMemory<byte> Batch(IReadOnlyList<StoredEvent> events, bool withOffset) =>
        Formatter.EncodeBatchModeMessage(events.Select(e => ToCloudEvent(e, withOffset)).ToList(), out _);

    /// <summary>One structured CloudEvent, on one line (an SSE <c>data:</c> line, a webhook body).</summary>
    public static ReadOnlyMemory<byte> Structured(StoredEvent stored, bool withOffset) =>
        Formatter.EncodeStructuredModeMessage(ToCloudEvent(stored, withOffset), out _);

    public static CloudEvent ToCloudEvent(StoredEvent stored, bool withOffset)
    {
        var e = stored.Event;
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, withOffset ? TopicPositions : StreamPositions);
        if (!RestoreAttributes(cloudEvent, e.Metadata))
        {
            cloudEvent.Id = e.EventId.ToString();
            cloudEvent.Source = new Uri($"/streams/{stored.Stream}", UriKind.Relative);
            cloudEvent.Subject = stored.Stream;
            cloudEvent.Time = DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampUnixMs);
        }

        cloudEvent.Type = e.Type;
        cloudEvent.DataContentType ??= "application/json";
        cloudEvent.Data = JsonDocument.Parse(e.Data).RootElement.Clone();
        cloudEvent[StreamAttribute] = stored.Stream;
        cloudEvent[SequenceAttribute] = stored.Sequence.ToString(CultureInfo.InvariantCulture);
        if (withOffset)
        {
            cloudEvent[OffsetAttribute] = stored.Offset.ToString(CultureInfo.InvariantCulture);
        }

        return cloudEvent;
    }

    /// <summary>Puts back the attributes an event published as a CloudEvent kept in <c>metadata.cloudEvent</c>; false when it has none.</summary>
    private static bool RestoreAttributes(CloudEvent cloudEvent, ReadOnlyMemory<byte> metadata)
    {
        if (metadata.IsEmpty)
        {
            return false;
        }

        using var document = JsonDocument.Parse(metadata);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty(MetadataMember, out var attributes)
            || attributes.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var attribute in attributes.EnumerateObject())
        {
            if (attribute.Name is "specversion" or "type" || attribute.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
            {
                continue;
            }

            var value = attribute.Value.ValueKind == JsonValueKind.String ? attribute.Value.GetString()! : attribute.Value.GetRawText();
            cloudEvent.SetAttributeFromString(attribute.Name, value);
        }

        return cloudEvent.Id is not null && cloudEvent.Source is not null;
    }
}
