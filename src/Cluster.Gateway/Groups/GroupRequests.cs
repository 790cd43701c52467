using System.Text.Json;
using Messages.Groups;

namespace Cluster.Gateway.Groups;

/// <summary>Parses the bodies of the consumer group endpoints; an error is a sentence for a 400.</summary>
public static class GroupRequests
{
    public const int DefaultAckTimeoutSeconds = 30;
    public const int DefaultMaxDeliveries = 5;
    public const int MaxAckTimeoutSeconds = 3600;
    public const int MaxMaxDeliveries = 1000;
    public const int MaxIdsPerSettle = 1000;

    /// <summary>
    /// <c>{"startFrom","ackTimeoutSeconds","maxDeliveries","ordering"}</c>, every member optional
    /// (earliest, 30, 5, stream); an empty body means all defaults.
    /// </summary>
    public static (GroupDefinition? Definition, string? Error) ParseDefinition(ReadOnlyMemory<byte> body)
    {
        var (start, ack, max, ordering) = (GroupStart.Earliest, DefaultAckTimeoutSeconds, DefaultMaxDeliveries, GroupOrdering.Stream);
        if (body.IsEmpty)
        {
            return (new GroupDefinition(start, ack, max, ordering), null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "The body must be a JSON object.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "startFrom":
                        switch (property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null)
                        {
                            case "earliest": start = GroupStart.Earliest; break;
                            case "latest": start = GroupStart.Latest; break;
                            default: return (null, "startFrom must be \"earliest\" or \"latest\".");
                        }

                        break;
                    case "ordering":
                        switch (property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null)
                        {
                            case "stream": ordering = GroupOrdering.Stream; break;
                            case "none": ordering = GroupOrdering.None; break;
                            default: return (null, "ordering must be \"stream\" or \"none\".");
                        }

                        break;
                    case "ackTimeoutSeconds":
                        if (!TryInt(property.Value, 1, MaxAckTimeoutSeconds, out ack))
                        {
                            return (null, $"ackTimeoutSeconds must be an integer from 1 to {MaxAckTimeoutSeconds}.");
                        }

                        break;
                    case "maxDeliveries":
                        if (!TryInt(property.Value, 1, MaxMaxDeliveries, out max))
                        {
                            return (null, $"maxDeliveries must be an integer from 1 to {MaxMaxDeliveries}.");
                        }

                        break;
                    default:
                        return (null, $"Unknown member \"{property.Name}\"; a group has startFrom, ackTimeoutSeconds, maxDeliveries and ordering.");
                }
            }
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON.");
        }

        return (new GroupDefinition(start, ack, max, ordering), null);
    }

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
        $"startFrom {(d.StartFrom == GroupStart.Earliest ? "earliest" : "latest")}, ackTimeoutSeconds {d.AckTimeoutSeconds}, maxDeliveries {d.MaxDeliveries}, ordering {(d.Ordering == GroupOrdering.Stream ? "stream" : "none")}";

    private static bool TryInt(JsonElement value, int min, int max, out int result)
    {
        result = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out result) && result >= min && result <= max;
    }
}
