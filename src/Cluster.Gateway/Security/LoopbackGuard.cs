using System.Net;

namespace Cluster.Gateway.Security;

/// <summary>
/// Without API keys the gateway is open to whoever can reach it, so it only starts on loopback
/// addresses: any other address in <c>Urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) or in
/// <c>Kestrel:Endpoints</c> stops the start with the reason. (<c>Urls</c> is always set, by
/// appsettings.json at least, and takes precedence over <c>HTTP_PORTS</c>.)
/// </summary>
internal static class LoopbackGuard
{
    public static void Check(IConfiguration configuration, ApiKeys keys, ILogger logger)
    {
        var urls = (configuration["urls"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .ToList();

        if (keys.Enabled)
        {
            logger.LogInformation("API keys configured: every endpoint but /health/* needs Authorization: Bearer <key>");
            return;
        }

        var open = urls.Where(url => !IsLoopback(url)).ToList();
        if (open.Count > 0)
        {
            throw new InvalidOperationException(
                $"No API keys are configured (Security:ApiKeys), so the gateway only binds loopback addresses; refusing {string.Join(", ", open)}. Configure keys or bind 127.0.0.1 / [::1] / localhost.");
        }

        logger.LogWarning("No API keys configured (Security:ApiKeys): anyone who can reach {Urls} may use every endpoint; only loopback addresses are allowed", string.Join(", ", urls));
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel's wildcards (http://*:5000, http://+:5000) are not valid URIs: read the host by hand.
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) is var i and >= 0 ? i + 3 : 0)..];
        var host = rest.StartsWith('[') ? rest[1..rest.IndexOf(']', StringComparison.Ordinal)] : rest.Split(':', '/')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
