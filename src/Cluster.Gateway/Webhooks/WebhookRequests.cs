using System.Text.Json;
using Cluster.Gateway.Groups;
using Cluster.Node.Webhooks;
using Messages.Groups;

namespace Cluster.Gateway.Webhooks;

/// <summary>Parses the body of <c>PUT /topics/{topic}/webhooks/{name}</c>; an error is a sentence for a 400.</summary>
internal static class WebhookRequests
{
    /// <summary>
    /// <c>{"url","secret","format","maxInFlight","maxDeliveries","startFrom","timeoutSeconds"}</c>: url required;
    /// secret a Standard Webhooks secret (<c>whsec_</c> + base64 of 24 to 64 bytes), made here when
    /// absent (<c>SecretGenerated</c>); format <c>event</c> (the event as read, default) or <c>cloudevents</c>
    /// (a structured-mode CloudEvent); the rest default to 16, 10, earliest and 10. Webhooks always
    /// keep stream order.
    /// </summary>
    public static ParsedDefinition ParseDefinition(ReadOnlyMemory<byte> body)
    {
        var (definition, error) = Parse(body);
        if (definition?.Webhook is not { Secret: "" } webhook)
        {
            return new ParsedDefinition(definition, error);
        }

        return new ParsedDefinition(definition with { Webhook = webhook with { Secret = WebhookSecret.Generate() } }, null, SecretGenerated: true);
    }

    private static readonly IReadOnlyDictionary<string, WebhookFormat> Formats =
        new Dictionary<string, WebhookFormat> { ["event"] = WebhookFormat.Event, ["cloudevents"] = WebhookFormat.CloudEvents };

    private static (GroupDefinition? Definition, string? Error) Parse(ReadOnlyMemory<byte> body)
    {
        string? url = null, secret = null;
        var (maxInFlight, maxDeliveries, timeout, start) = (16, 10, 10, GroupStart.Earliest);
        var format = WebhookFormat.Event;
        var error = DefinitionBody.Walk(body, "The body must be a JSON object with url and secret.", (name, value) => name switch
        {
            "url" => ReadUrl(value, out url),
            "secret" => ReadSecret(value, out secret),
            "format" => DefinitionBody.Choice(name, value, Formats, out format),
            "maxInFlight" => DefinitionBody.Int(name, value, max: 1000, out maxInFlight),
            "maxDeliveries" => DefinitionBody.Int(name, value, DefinitionBody.MaxMaxDeliveries, out maxDeliveries),
            "timeoutSeconds" => DefinitionBody.Int(name, value, max: 300, out timeout),
            "startFrom" => DefinitionBody.Choice(name, value, DefinitionBody.StartFrom, out start),
            _ => DefinitionBody.Unknown(name, "webhook", "url, secret, format, maxInFlight, maxDeliveries, timeoutSeconds and startFrom"),
        });
        if (error is not null)
        {
            return (null, error);
        }

        if (url is null)
        {
            return (null, "A webhook needs a url.");
        }

        // An empty secret stands for "none given" until ParseDefinition makes one.
        return (new GroupDefinition(start, timeout, maxDeliveries, GroupOrdering.Stream, new WebhookTarget(url, secret ?? "", maxInFlight, format)), null);
    }

    private static string? ReadUrl(JsonElement value, out string? url)
    {
        url = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return IsHttpUrl(url) ? null : $"url must be an absolute http:// or https:// URL of at most {MaxUrlLength} characters.";
    }

    private static string? ReadSecret(JsonElement value, out string? secret)
    {
        secret = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return secret is not null && WebhookSecret.IsWellFormed(secret)
            ? null
            : $"secret must be a Standard Webhooks secret: {WebhookSecret.Prefix} followed by the base64 of {WebhookSecret.MinKeyBytes} to {WebhookSecret.MaxKeyBytes} random bytes (leave it out to have one made).";
    }

    private const int MaxUrlLength = 2048;

    private static bool IsHttpUrl(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host)
        && string.IsNullOrEmpty(uri.UserInfo);
}
