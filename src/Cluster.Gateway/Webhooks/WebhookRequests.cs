using System.Text.Json;
using Cluster.Node.Webhooks;
using Messages.Groups;

namespace Cluster.Gateway.Webhooks;

/// <summary>Parses the body of <c>PUT /topics/{topic}/webhooks/{name}</c>; an error is a sentence for a 400.</summary>
public static class WebhookRequests
{
    public const int DefaultMaxInFlight = 16;
    public const int MaxMaxInFlight = 1000;
    public const int DefaultMaxDeliveries = 10;
    public const int MaxMaxDeliveries = 1000;
    public const int DefaultTimeoutSeconds = 10;
    public const int MaxTimeoutSeconds = 300;
    public const int MaxUrlLength = 2048;

    /// <summary>
    /// <c>{"url","secret","format","maxInFlight","maxDeliveries","startFrom","timeoutSeconds"}</c>: url required;
    /// secret a Standard Webhooks secret (<c>whsec_</c> + base64 of 24 to 64 bytes), made here when
    /// absent (<c>SecretGenerated</c>); format <c>event</c> (the event as read, default) or <c>cloudevents</c>
    /// (a structured-mode CloudEvent); the rest default to 16, 10, earliest and 10. Webhooks always
    /// keep stream order.
    /// </summary>
    public static (GroupDefinition? Definition, string? Error, bool SecretGenerated) ParseDefinition(ReadOnlyMemory<byte> body)
    {
        var (definition, error) = Parse(body);
        if (definition?.Webhook is not { Secret: "" } webhook)
        {
            return (definition, error, false);
        }

        return (definition with { Webhook = webhook with { Secret = WebhookSecret.Generate() } }, null, true);
    }

    private static (GroupDefinition? Definition, string? Error) Parse(ReadOnlyMemory<byte> body)
    {
        string? url = null, secret = null;
        var (maxInFlight, maxDeliveries, timeout, start) = (DefaultMaxInFlight, DefaultMaxDeliveries, DefaultTimeoutSeconds, GroupStart.Earliest);
        var format = WebhookFormat.Event;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "The body must be a JSON object with url and secret.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "url":
                        url = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                        if (!IsHttpUrl(url))
                        {
                            return (null, $"url must be an absolute http:// or https:// URL of at most {MaxUrlLength} characters.");
                        }

                        break;
                    case "secret":
                        secret = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                        if (secret is null || !WebhookSecret.IsWellFormed(secret))
                        {
                            return (null, $"secret must be a Standard Webhooks secret: {WebhookSecret.Prefix} followed by the base64 of {WebhookSecret.MinKeyBytes} to {WebhookSecret.MaxKeyBytes} random bytes (leave it out to have one made).");
                        }

                        break;
                    case "maxInFlight":
                        if (!TryInt(value, 1, MaxMaxInFlight, out maxInFlight))
                        {
                            return (null, $"maxInFlight must be an integer from 1 to {MaxMaxInFlight}.");
                        }

                        break;
                    case "maxDeliveries":
                        if (!TryInt(value, 1, MaxMaxDeliveries, out maxDeliveries))
                        {
                            return (null, $"maxDeliveries must be an integer from 1 to {MaxMaxDeliveries}.");
                        }

                        break;
                    case "timeoutSeconds":
                        if (!TryInt(value, 1, MaxTimeoutSeconds, out timeout))
                        {
                            return (null, $"timeoutSeconds must be an integer from 1 to {MaxTimeoutSeconds}.");
                        }

                        break;
                    case "startFrom":
                        switch (value.ValueKind == JsonValueKind.String ? value.GetString() : null)
                        {
                            case "earliest": start = GroupStart.Earliest; break;
                            case "latest": start = GroupStart.Latest; break;
                            default: return (null, "startFrom must be \"earliest\" or \"latest\".");
                        }

                        break;
                    case "format":
                        switch (value.ValueKind == JsonValueKind.String ? value.GetString() : null)
                        {
                            case "event": format = WebhookFormat.Event; break;
                            case "cloudevents": format = WebhookFormat.CloudEvents; break;
                            default: return (null, "format must be \"event\" or \"cloudevents\".");
                        }

                        break;
                    default:
                        return (null, $"Unknown member \"{property.Name}\"; a webhook has url, secret, format, maxInFlight, maxDeliveries, timeoutSeconds and startFrom.");
                }
            }
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON.");
        }

        if (url is null)
        {
            return (null, "A webhook needs a url.");
        }

        // An empty secret stands for "none given" until ParseDefinition makes one.
        return (new GroupDefinition(start, timeout, maxDeliveries, GroupOrdering.Stream, new WebhookTarget(url, secret ?? "", maxInFlight, format)), null);
    }

    private static bool IsHttpUrl(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host)
        && string.IsNullOrEmpty(uri.UserInfo);

    private static bool TryInt(JsonElement value, int min, int max, out int result)
    {
        result = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out result) && result >= min && result <= max;
    }
}
