using System.Text.Json;

namespace EventCluster.Client;

/// <summary>An event to append. Without <see cref="EventId"/> the client assigns one before the first attempt, so retries are idempotent.</summary>
public sealed record EventToAppend(string Type, JsonElement Data, JsonElement? Metadata = null, Guid? EventId = null);

/// <summary>An event as read (API.md "Event, as read").</summary>
public sealed record RecordedEvent(
    string Stream,
    long Sequence,
    Guid EventId,
    string Type,
    JsonElement Data,
    JsonElement Metadata,
    DateTimeOffset Timestamp,
    string Topic,
    long Offset);

/// <summary>Where the appended events landed; <see cref="AlreadyStored"/> for an idempotent replay (200).</summary>
public sealed record AppendResult(string Stream, long FirstSequence, long LastSequence, bool AlreadyStored);

/// <summary>A page of a stream or topic read; <see cref="Next"/> continues it (null at a stream's end).</summary>
public sealed record EventPage(IReadOnlyList<RecordedEvent> Events, long? Next);

/// <summary>The expected version of an append: any, no stream, an existing stream, or an exact version.</summary>
public readonly record struct ExpectedVersion(string Header)
{
    /// <summary>No check.</summary>
    public static ExpectedVersion Any { get; } = new("any");

    /// <summary>The stream must have no events yet.</summary>
    public static ExpectedVersion NoStream { get; } = new("none");

    /// <summary>The stream must have events.</summary>
    public static ExpectedVersion StreamExists { get; } = new("exists");

    /// <summary>The stream must be at exactly this version (its last sequence).</summary>
    public static ExpectedVersion Exactly(long version) =>
        version < 0 ? throw new ArgumentOutOfRangeException(nameof(version)) : new(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>Settings of a consumer group (API.md); null members take the server's defaults.</summary>
public sealed record GroupOptions(string? StartFrom = null, int? AckTimeoutSeconds = null, int? MaxDeliveries = null, string? Ordering = null);

/// <summary>An event handed to this member of a group; ack or nack it by <see cref="DeliveryId"/>.</summary>
public sealed record GroupDelivery(string DeliveryId, RecordedEvent Event);

/// <summary>Settings of a webhook (API.md): where to POST and the signing secret; null members take the server's defaults.</summary>
public sealed record WebhookOptions(Uri Url, string Secret, int? MaxInFlight = null, int? MaxDeliveries = null, int? TimeoutSeconds = null, string? StartFrom = null)
{
    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"WebhookOptions {{ Url = {Url} }}";
}
