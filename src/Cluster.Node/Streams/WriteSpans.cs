using System.Diagnostics;
using Cluster.Node.Telemetry;
using Messages.Streams;

namespace Cluster.Node.Streams;

/// <summary>
/// The entity's part of an append's trace: a <c>stream.write</c> span per traced append of a group,
/// a child of the gateway's <c>append</c> span, from the entity's decision to the journal's commit
/// (or its failure). Null while nothing listens or no append of the group is traced.
/// </summary>
internal static class WriteSpans
{
    public static IReadOnlyList<Activity>? Start(IEnumerable<AppendEvents> appends, string stream)
    {
        if (!Tracing.Source.HasListeners())
        {
            return null;
        }

        List<Activity>? spans = null;
        foreach (var append in appends)
        {
            if (append.TraceParent is { } parent
                && ActivityContext.TryParse(parent, null, isRemote: true, out var context)
                && Tracing.Start("stream.write", ActivityKind.Internal, context) is { } span)
            {
                span.SetTag("eventcluster.stream", stream);
                (spans ??= []).Add(span);
            }
        }

        return spans;
    }

    public static void Stop(IReadOnlyList<Activity>? spans, bool committed)
    {
        if (spans is null)
        {
            return;
        }

        var previous = Activity.Current;
        foreach (var span in spans)
        {
            span.SetStatus(committed ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            span.Stop();
        }

        Activity.Current = previous;
    }
}
