using System.Net.Http.Headers;
using EventCluster.Client;

namespace EventCluster.Cli.Common;

/// <summary>The client of one command run: the gateway address and key from the options or the environment.</summary>
internal sealed class Connection : IDisposable
{
    /// <summary>Requests that answer at once; subscriptions have no overall timeout (they run until stopped).</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;

    private Connection(HttpClient http)
    {
        _http = http;
        Client = new EventClusterClient(http);
    }

    public EventClusterClient Client { get; }

    public Uri Server => _http.BaseAddress!;

    public static Connection Open(GlobalSettings settings, bool streaming)
    {
        var server = FirstSet(settings.Server, Environment.GetEnvironmentVariable(GlobalSettings.ServerVariable)) ?? GlobalSettings.DefaultServer;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw CliException.Usage($"--server must be an http(s) URL, not '{server}'.");
        }

        // The client's paths are relative ("streams/…"): the base must end with a slash to keep any path prefix.
        var http = new HttpClient
        {
            BaseAddress = new Uri(address.AbsoluteUri.EndsWith('/') ? address.AbsoluteUri : address.AbsoluteUri + "/"),
            Timeout = streaming ? Timeout.InfiniteTimeSpan : RequestTimeout,
        };
        if (FirstSet(settings.Key, Environment.GetEnvironmentVariable(GlobalSettings.KeyVariable)) is { } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return new Connection(http);
    }

    public void Dispose() => _http.Dispose();

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
