using System.Text.Json;
using Messages.Groups;

namespace Cluster.Gateway.Groups;

/// <summary>Parses the bodies of the consumer group endpoints; an error is a sentence for a 400.</summary>
internal static class GroupRequests
{
    private static readonly IReadOnlyDictionary<string, GroupOrdering> Orderings =
        new Dictionary<string, GroupOrdering> { ["stream"] = GroupOrdering.Stream, ["none"] = GroupOrdering.None };

    /// <summary>
    /// <c>{"startFrom","ackTimeoutSeconds","maxDeliveries","ordering"}</c>, every member optional
    /// (earliest, 30, 5, stream); an empty body means all defaults.
    /// </summary>
    public static ParsedDefinition ParseDefinition(ReadOnlyMemory<byte> body)
    {
        var (start, ack, max, ordering) = (GroupStart.Earliest, 30, 5, GroupOrdering.Stream);
        var error = body.IsEmpty ? null : DefinitionBody.Walk(body, "The body must be a JSON object.", (name, value) => name switch
        {
            "startFrom" => DefinitionBody.Choice(name, value, DefinitionBody.StartFrom, out start),
            "ordering" => DefinitionBody.Choice(name, value, Orderings, out ordering),
            "ackTimeoutSeconds" => DefinitionBody.Int(name, value, max: 3600, out ack),
            "maxDeliveries" => DefinitionBody.Int(name, value, DefinitionBody.MaxMaxDeliveries, out max),
            _ => DefinitionBody.Unknown(name, "group", "startFrom, ackTimeoutSeconds, maxDeliveries and ordering"),
        });
        return error is null ? new ParsedDefinition(new GroupDefinition(start, ack, max, ordering), null) : new ParsedDefinition(null, error);
    }

    public const int MaxIdsPerSettle = 1000;

    /// <summary><c>{"ids": ["…"]}</c>: 1 to <see cref="MaxIdsPerSettle"/> delivery ids.</summary>
    public static (IReadOnlyList<string>? Ids, string? Error) ParseIds(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("ids", out var ids)
                || ids.ValueKind != JsonValueKind.Array)
            {
                return (null, "The body must be {\"ids\": [\"delivery id\", …]}.");
            }

            var list = new List<string>();
            foreach (var id in ids.EnumerateArray())
            {
                if (id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()) || id.GetString()!.Length > 64)
                {
                    return (null, "Every id must be a delivery id string (the SSE id: of the delivery).");
                }

                list.Add(id.GetString()!);
            }

            return list.Count is 0 or > MaxIdsPerSettle
                ? (null, $"Send 1 to {MaxIdsPerSettle} ids.")
                : (list, null);
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON.");
        }
    }

    public static string Describe(GroupDefinition d) =>
        $"startFrom {DefinitionBody.NameOf(d.StartFrom)}, ackTimeoutSeconds {d.AckTimeoutSeconds}, maxDeliveries {d.MaxDeliveries}, ordering {(d.Ordering == GroupOrdering.Stream ? "stream" : "none")}";
}
