using System.Text.Json;
using System.Text.Json.Nodes;
using Messages.Streams;

namespace Cluster.Gateway.Streams;

/// <summary>
/// Members the gateway adds to the metadata of every event of an append (correlation ids from
/// headers, the trace context), each unless the event's metadata already sets it: the event's own
/// value wins.
/// </summary>
internal static class MetadataDefaults
{
    /// <summary>The events with the members added; the same list when there are none.</summary>
    public static IReadOnlyList<EventData> Apply(IReadOnlyList<EventData> events, IReadOnlyList<KeyValuePair<string, string>>? members)
    {
        if (members is null || members.Count == 0)
        {
            return events;
        }

        return events.Select(e => e with { Metadata = With(e.Metadata, members) }).ToList();
    }

    private static ReadOnlyMemory<byte> With(ReadOnlyMemory<byte> metadata, IReadOnlyList<KeyValuePair<string, string>> members)
    {
        // The parsers accepted the metadata as a JSON object (or none), so this parse cannot fail.
        var node = metadata.IsEmpty ? new JsonObject() : JsonNode.Parse(metadata.Span)!.AsObject();
        foreach (var (name, value) in members)
        {
            if (!node.ContainsKey(name))
            {
                node[name] = value;
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(node);
    }
}
