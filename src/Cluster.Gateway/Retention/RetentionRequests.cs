using System.Text.Json;
using Cluster.Gateway.Groups;
using Cluster.Gateway.Streams;
using Cluster.Node.Reads;

namespace Cluster.Gateway.Retention;

/// <summary>The bodies of truncate and of the retention settings; an error is a sentence for a 400.</summary>
internal static class RetentionRequests
{
    /// <summary><c>{"before": N}</c>, N at least 1.</summary>
    public static (long Before, string? Error) ParseTruncate(RequestBody.Result body)
    {
        if (body.TooLarge)
        {
            return (0, "A truncate body is at most 4 KiB.");
        }

        long? before = null;
        var error = DefinitionBody.Walk(body.Bytes, "The body must be {\"before\": N}.", (name, value) => name switch
        {
            "before" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 1
                ? Take(n, out before)
                : "before must be an integer of at least 1.",
            _ => DefinitionBody.Unknown(name, "truncate body", "before"),
        });
        return error is not null ? (0, error) : before is { } b ? (b, null) : (0, "before is required.");
    }

    /// <summary><c>{"maxCount": N | null, "maxAgeSeconds": N | null}</c>; an absent member is null (no limit).</summary>
    public static (RetentionSettings? Settings, string? Error) ParseSettings(RequestBody.Result body)
    {
        if (body.TooLarge)
        {
            return (null, "A settings body is at most 4 KiB.");
        }

        long? count = null, age = null;
        var error = DefinitionBody.Walk(body.Bytes, "The body must be {\"maxCount\": N | null, \"maxAgeSeconds\": N | null}.", (name, value) => name switch
        {
            "maxCount" => Limit(name, value, out count),
            "maxAgeSeconds" => Limit(name, value, out age),
            _ => DefinitionBody.Unknown(name, "retention setting", "maxCount and maxAgeSeconds"),
        });
        return error is null ? (new RetentionSettings(count, age), null) : (null, error);
    }

    private static string? Limit(string name, JsonElement value, out long? limit)
    {
        limit = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 1 ? Take(n, out limit) : $"{name} must be a positive integer or null.";
    }

    private static string? Take(long value, out long? into)
    {
        into = value;
        return null;
    }
}
