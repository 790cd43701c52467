using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Gateway.OpenApi;

// The JSON shapes of request and response bodies that the endpoints read or write by hand (with
// Utf8JsonReader/Utf8JsonWriter, for speed), named here so that the OpenAPI document can describe
// them. Property names follow the web defaults (camelCase), as the endpoints do.

[Description("An event as written: one object, or an array of them for an atomic batch.")]
internal sealed record EventToWrite(
    [property: Description("A UUID; the server makes one when absent. Re-sending a stored id stores nothing.")] Guid? EventId,
    [property: Description("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$")] string Type,
    [property: Description("Any JSON value.")] JsonElement Data,
    [property: Description("Optional JSON object.")] JsonElement? Metadata);

[Description("A CloudEvent in the JSON event format (structured mode); any other attribute is an extension.")]
internal sealed record StructuredCloudEvent(
    [property: Description("1.0")] string Specversion,
    string Id,
    string Source,
    [property: Description("Becomes the event type: ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$")] string Type,
    string? Subject,
    DateTimeOffset? Time,
    [property: Description("Absent, application/json or …+json; other data is 415.")] string? Datacontenttype,
    string? Dataschema,
    JsonElement? Data);

[Description("One line of a POST /ingest body (application/x-ndjson).")]
internal sealed record IngestLineToWrite(string Stream, Guid? EventId, string Type, JsonElement Data, JsonElement? Metadata);

[Description("One line of a POST /ingest answer, per input line in input order: {stream, sequence} when stored, {line, error} when not.")]
internal sealed record IngestLineAnswer(string? Stream, long? Sequence, long? Line, string? Error);

[Description("An event as read.")]
internal sealed record EventAsRead(
    string Stream,
    [property: Description("1-based position in its stream, no gaps.")] long Sequence,
    Guid EventId,
    string Type,
    JsonElement Data,
    JsonElement Metadata,
    DateTimeOffset Timestamp,
    string Topic,
    [property: Description("Position in the topic and $all order: increasing, may have gaps.")] long Offset);

[Description("Where an append was stored.")]
internal sealed record AppendResult(string Stream, long FirstSequence, long LastSequence);

[Description("A page of a stream; next is the sequence to read from for the following page, null at the end.")]
internal sealed record StreamPage(string Stream, IReadOnlyList<EventAsRead> Events, long? Next);

[Description("A page of a topic; next is the offset to pass as after for the following page.")]
internal sealed record TopicPage(string Topic, IReadOnlyList<EventAsRead> Events, long Next);

[Description("A stream's metadata.")]
internal sealed record StreamInfo(string Stream, string Topic, long Version);

/// <summary>The body of <c>POST /streams/{stream}/truncate</c>.</summary>
internal sealed record TruncateRequest(long Before);

/// <summary>A truncation done: the stream's version (unchanged) and its first readable sequence.</summary>
internal sealed record TruncateResult(string Stream, long Version, long ReadableFrom);

/// <summary><c>GET /admin/scavenge</c>: <c>idle</c> or <c>running</c>, and the last finished run (null before the first).</summary>
internal sealed record ScavengeView(string State, ScavengeRunView? LastRun);

/// <summary>A finished scavenge: when, how many events it removed and their payload bytes.</summary>
internal sealed record ScavengeRunView(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, long RemovedEvents, long ReclaimedBytes);

/// <summary>Retention of a stream or a topic: null is no limit.</summary>
internal sealed record RetentionSettingsView(long? MaxCount, long? MaxAgeSeconds);

[Description("The topics this key may subscribe to, with their stream and event counts.")]
internal sealed record TopicList(IReadOnlyList<Cluster.Node.Reads.TopicSummary> Topics);

[Description("A topic's live statistics over the last window, from the live flow.")]
internal sealed record TopicStatsView(
    string Topic,
    int WindowSeconds,
    long Events,
    [property: Description("One count per second, oldest first.")] IReadOnlyList<long> PerSecond,
    IReadOnlyDictionary<string, long> ByType,
    int ActiveStreams,
    [property: Description("True when more streams were active than the statistics track one by one.")] bool ActiveStreamsCapped);

[Description("A consumer group's settings; every member optional.")]
internal sealed record GroupDefinitionToWrite(
    [property: Description("earliest (default) or latest")] string? StartFrom,
    int? AckTimeoutSeconds,
    int? MaxDeliveries,
    [property: Description("stream (default: per-stream order) or none")] string? Ordering);

[Description("A consumer group as created.")]
internal sealed record GroupDescription(string Topic, string Group, string StartFrom, int AckTimeoutSeconds, int MaxDeliveries, string Ordering);

[Description("A webhook's settings: url required.")]
internal sealed record WebhookDefinitionToWrite(
    string Url,
    [property: Description("whsec_ + base64 of 24 to 64 random bytes (Standard Webhooks); made by the server when absent.")] string? Secret,
    [property: Description("event (default): the event as read; cloudevents: a structured-mode CloudEvent (application/cloudevents+json).")] string? Format,
    int? MaxInFlight,
    int? MaxDeliveries,
    int? TimeoutSeconds,
    string? StartFrom);

[Description("A webhook as created. secret is present once: in the 201 that created it with a secret the server made.")]
internal sealed record WebhookDescription(
    string Topic,
    string Name,
    string Url,
    int MaxInFlight,
    int MaxDeliveries,
    int TimeoutSeconds,
    string StartFrom,
    string Ordering,
    string Format,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret);

[Description("A consumer group's or webhook's progress.")]
internal sealed record ConsumerStatus(long Checkpoint, long Lag, int InFlight, int Parked, int Members, string Node);

[Description("Delivery ids (the SSE id: of each delivery) to ack or nack.")]
internal sealed record DeliveryIds(IReadOnlyList<string> Ids);

[Description("How many of the ids were settled, and the ids the group did not know (already settled or expired).")]
internal sealed record SettleResult(int Accepted, IReadOnlyList<string> Unknown);

internal sealed record ParkedEvent(EventAsRead Event, int Deliveries, string Reason);

[Description("A page of parked events; next is the offset to pass as after for the following page.")]
internal sealed record ParkedPage(IReadOnlyList<ParkedEvent> Parked, long Next);

[Description("How many parked events were handed out again.")]
internal sealed record ReplayResult(int Replayed);

[Description("The offset of a topic's newest event (0 when it has none).")]
internal sealed record TopicHead(string Topic, long Offset);

internal sealed record HealthCheckView(string Status, string? Description);

[Description("Healthy, Degraded or Unhealthy, with each check's status.")]
internal sealed record HealthView(string Status, IReadOnlyDictionary<string, HealthCheckView> Checks);
