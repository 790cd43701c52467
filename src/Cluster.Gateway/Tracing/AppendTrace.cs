using System.Diagnostics;
using Cluster.Node.Telemetry;

namespace Cluster.Gateway.Tracing;

/// <summary>
/// The W3C trace context of an append: its span is a child of the producer's <c>traceparent</c>
/// (without one, of ASP.NET Core's request span when that one is recorded) and lasts until the
/// commit's answer; every stored event's <c>metadata.traceparent</c> (and <c>tracestate</c>) carry
/// the append span's context, unless the event sets them itself. Without a listener there is no span,
/// and the producer's own context is stored, so the trace still continues at the deliveries.
/// </summary>
internal static class AppendTrace
{
    private const string TraceparentHeader = Node.Telemetry.Tracing.TraceparentMember;
    private const string TracestateHeader = Node.Telemetry.Tracing.TracestateMember;

    /// <summary>The append's span, a direct child of the producer's context when it sent a valid one; null while nothing listens.</summary>
    public static Activity? Start(HttpRequest request, string stream)
    {
        if (!Node.Telemetry.Tracing.Source.HasListeners())
        {
            return null;
        }

        var span = Node.Telemetry.Tracing.Start("append", ActivityKind.Internal, ProducerContext(request)?.Context);
        span?.SetTag("eventcluster.stream", stream);
        return span;
    }

    /// <summary>Adds the trace context to store with the events: the span's, else the producer's valid one, else none.</summary>
    public static void AddTo(ref List<KeyValuePair<string, string>>? members, Activity? span, HttpRequest request)
    {
        var (traceparent, tracestate) = span is not null
            ? (span.Id, span.TraceStateString)
            : ProducerContext(request) is { } producer ? (producer.Traceparent, producer.Tracestate) : (null, null);
        if (traceparent is null)
        {
            return;
        }

        (members ??= []).Add(new(Node.Telemetry.Tracing.TraceparentMember, traceparent));
        if (!string.IsNullOrEmpty(tracestate))
        {
            members.Add(new(Node.Telemetry.Tracing.TracestateMember, tracestate));
        }
    }

    /// <summary>The producer's trace context, when it sent one valid <c>traceparent</c> (an invalid one starts no trace, as W3C says).</summary>
    private static StoredTraceContext? ProducerContext(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(TraceparentHeader, out var parent) || parent.Count != 1)
        {
            return null;
        }

        var state = request.Headers.TryGetValue(TracestateHeader, out var s) && s.Count > 0 ? string.Join(",", s.ToArray()) : null;
        return StoredTraceContext.Parse(parent[0]!, state);
    }
}
