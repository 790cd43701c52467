using System.Text.Json;
using Messages.Groups;

namespace Cluster.Gateway.Groups;

/// <summary>
/// The JSON walking that the group and webhook definition parsers share: a body that must be one
/// object, each member handed to the parser's reader, and readers for the kinds of members they
/// have in common. Every reader answers null when the value is taken, else the sentence for a 400.
/// </summary>
internal static class DefinitionBody
{
    /// <summary>How often an event may be delivered before it is parked, at most (groups and webhooks alike).</summary>
    public const int MaxMaxDeliveries = 1000;

    /// <summary>Where a group or webhook starts reading: <c>earliest</c> or <c>latest</c>.</summary>
    public static readonly IReadOnlyDictionary<string, GroupStart> StartFrom =
        new Dictionary<string, GroupStart> { ["earliest"] = GroupStart.Earliest, ["latest"] = GroupStart.Latest };

    /// <summary>The API's name of a starting point.</summary>
    public static string NameOf(GroupStart start) => start == GroupStart.Earliest ? "earliest" : "latest";

    /// <summary>Hands each member of the body's object to <paramref name="member"/>; the first error, or null.</summary>
    public static string? Walk(ReadOnlyMemory<byte> body, string notAnObject, Func<string, JsonElement, string?> member)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return notAnObject;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (member(property.Name, property.Value) is { } error)
                {
                    return error;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return "The body is not valid JSON.";
        }
    }

    /// <summary>An integer member from 1 to <paramref name="max"/>.</summary>
    public static string? Int(string name, JsonElement value, int max, out int result)
    {
        result = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out result) && result >= 1 && result <= max
            ? null
            : $"{name} must be an integer from 1 to {max}.";
    }

    /// <summary>A string member that names one of <paramref name="choices"/>.</summary>
    public static string? Choice<T>(string name, JsonElement value, IReadOnlyDictionary<string, T> choices, out T result)
    {
        result = default!;
        return value.ValueKind == JsonValueKind.String && choices.TryGetValue(value.GetString()!, out result!)
            ? null
            : $"{name} must be {string.Join(" or ", choices.Keys.Select(k => $"\"{k}\""))}.";
    }

    /// <summary>The sentence for a member the parser does not know.</summary>
    public static string Unknown(string name, string kind, string members) => $"Unknown member \"{name}\"; a {kind} has {members}.";
}
