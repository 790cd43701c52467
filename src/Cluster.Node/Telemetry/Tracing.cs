using System.Diagnostics;
using System.Text.Json;

namespace Cluster.Node.Telemetry;

/// <summary>
/// W3C trace context across the product: the activity source of its spans, and the trace context
/// an event carries in its metadata (<c>traceparent</c>, <c>tracestate</c>), set at append time.
/// Spans are made only while something listens (an exporter is configured): otherwise
/// <see cref="ActivitySource.StartActivity(string, ActivityKind, ActivityContext, IEnumerable{KeyValuePair{string, object?}}?, IEnumerable{ActivityLink}?, DateTimeOffset)"/>
/// returns null and no work is done, but the stored context still travels to deliveries.
/// </summary>
public static class Tracing
{
    public const string SourceName = "EventCluster";
    /// <summary>The W3C names, of the HTTP headers and of the metadata members alike.</summary>
    public const string TraceparentMember = "traceparent";

    public const string TracestateMember = "tracestate";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// A span for handing a stored event on: a child of its stored context (a webhook POST continues
    /// the producer's trace), or linked to it (a group delivery, which runs in its member's request).
    /// Null while nothing listens.
    /// </summary>
    public static Activity? StartDelivery(string name, ActivityKind kind, StoredTraceContext? stored, bool asChild) =>
        asChild
            ? Start(name, kind, stored?.Context)
            : Start(name, kind, null, stored is null ? null : [new ActivityLink(stored.Context)]);

    /// <summary>
    /// Starts a span under <paramref name="parent"/> (a remote context) or, without one, under the
    /// current span if that one is recorded, else as the root of a new trace: a current span nobody
    /// records (e.g. ASP.NET Core's request activity while only this source is exported) must not
    /// make the sampler drop it. The current span is left as it was: callers pass contexts on
    /// explicitly, and an actor's thread must not keep a span current for its next message.
    /// Null while nothing listens.
    /// </summary>
    public static Activity? Start(string name, ActivityKind kind, ActivityContext? parent, IEnumerable<ActivityLink>? links = null)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        try
        {
            if (parent is { } remote)
            {
                return Source.StartActivity(name, kind, remote, links: links);
            }

            if (previous is { Recorded: false })
            {
                Activity.Current = null;
            }

            return Source.StartActivity(name, kind, default(ActivityContext), links: links);
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    /// <summary>The trace context stored in an event's metadata, if it has a valid one.</summary>
    public static StoredTraceContext? StoredContextOf(ReadOnlyMemory<byte> metadata)
    {
        if (metadata.IsEmpty || metadata.Span.IndexOf("traceparent"u8) < 0)
        {
            return null; // the common case, without parsing
        }

        using var document = JsonDocument.Parse(metadata);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty(TraceparentMember, out var parent)
            || parent.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var state = document.RootElement.TryGetProperty(TracestateMember, out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return StoredTraceContext.Parse(parent.GetString()!, state);
    }
}

/// <summary>A valid W3C trace context as text (what is stored and sent) and as an <see cref="ActivityContext"/>.</summary>
public sealed record StoredTraceContext(string Traceparent, string? Tracestate, ActivityContext Context)
{
    public static StoredTraceContext? Parse(string traceparent, string? tracestate) =>
        ActivityContext.TryParse(traceparent, tracestate, isRemote: true, out var context)
            ? new StoredTraceContext(traceparent, tracestate, context)
            : null;
}
