using System.Text.Json;
using EventCluster.Cli.Common;
using EventCluster.Client;

namespace EventCluster.Cli.Publishing;

/// <summary>
/// Events as the user gives them: the API's event shape (<c>eventId</c>, <c>type</c>, <c>data</c>,
/// <c>metadata</c>), from options or one NDJSON line. Other members (such as those of an event as
/// read: <c>stream</c>, <c>sequence</c>…) are ignored, so <c>evc read --json</c> pipes into <c>publish</c>.
/// </summary>
internal static class EventInput
{
    private static readonly JsonElement Null = JsonSerializer.SerializeToElement<object?>(null);

    public static EventToAppend FromOptions(string type, string? data, string? metadata, string? eventId) =>
        new(type, ParseJson(data, "--data") ?? Null, ParseMetadata(ParseJson(metadata, "--metadata"), "--metadata"), ParseId(eventId, "--id"));

    /// <summary>One NDJSON line; <paramref name="where"/> names it in errors ("line 3").</summary>
    public static EventToAppend FromLine(string line, string where)
    {
        JsonElement root;
        try
        {
            using var json = JsonDocument.Parse(line);
            root = json.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw CliException.Usage($"{where}: not JSON ({e.Message})");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw CliException.Usage($"{where}: an event is a JSON object");
        }

        if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw CliException.Usage($"{where}: \"type\" (a string) is required");
        }

        var data = root.TryGetProperty("data", out var d) ? d : Null;
        var metadata = root.TryGetProperty("metadata", out var m) ? ParseMetadata(m, where) : null;
        var id = root.TryGetProperty("eventId", out var i) && i.ValueKind != JsonValueKind.Null
            ? ParseId(i.ValueKind == JsonValueKind.String ? i.GetString() : i.GetRawText(), where)
            : null;
        return new EventToAppend(type.GetString()!, data, metadata, id);
    }

    private static JsonElement? ParseJson(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw CliException.Usage($"{option} is not JSON ({e.Message})");
        }
    }

    private static JsonElement? ParseMetadata(JsonElement? metadata, string where) => metadata switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Object } m => m,
        _ => throw CliException.Usage($"{where}: metadata must be a JSON object"),
    };

    private static Guid? ParseId(string? id, string where) =>
        id is null ? null
        : Guid.TryParse(id, out var guid) ? guid
        : throw CliException.Usage($"{where}: eventId must be a UUID, not '{id}'");
}
