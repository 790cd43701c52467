using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Cluster.Gateway.UnitTests.OpenApi;

/// <summary>
/// Every endpoint the gateway maps is in its OpenAPI document, so a new endpoint cannot be left out:
/// the app runs in-process (its own SQLite file in a temporary folder), and its routing table is
/// compared with the document it serves.
/// </summary>
public sealed class OpenApiCoverageSpecs : IAsyncLifetime
{

    private readonly string _folder = Directory.CreateTempSubdirectory("gateway-openapi-").FullName;
    // Any type of the gateway assembly names its entry point (Cluster.Node has a Program of its own).
    // The factory finds the gateway's entry point through any type of its assembly: Program is no
    // use here, since the web SDK makes both the gateway's and the node's Program public.
    private WebApplicationFactory<GatewayOptions>? _app;

    public Task InitializeAsync()
    {
        _app = new WebApplicationFactory<GatewayOptions>().WithWebHostBuilder(host => host
            .UseSetting("Storage:ConnectionString", $"Data Source={Path.Combine(_folder, "events.db")}"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app!.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The document itself and the reference page with its assets are not part of the API they describe.</summary>
    private static bool ServesTheDescription(string route) =>
        route == "/openapi/{documentName}.json" || route == "/docs" || route.StartsWith("/docs/", StringComparison.Ordinal);

    [Fact]
    public async Task Every_mapped_endpoint_and_method_is_an_operation_of_the_document()
    {
        using var client = _app!.CreateClient();
        await using var body = await client.GetStreamAsync("/openapi/v1.json");
        var (document, diagnostic) = await OpenApiDocument.LoadAsync(body, "json", new OpenApiReaderSettings());
        Assert.Empty(diagnostic!.Errors);

        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        // The dashboard's own routes (its sign-in and its copies of API endpoints) are left out on
        // purpose, and they are the only ones.
        static bool Excluded(RouteEndpoint e) => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true;
        Assert.All(endpoints.Where(e => Excluded(e) && !ServesTheDescription(e.RoutePattern.RawText!)), e => Assert.StartsWith("/dashboard/", e.RoutePattern.RawText!, StringComparison.Ordinal));
        Assert.Contains(endpoints, e => Excluded(e) && e.RoutePattern.RawText == "/dashboard/signin");

        var mapped = endpoints
            .Where(e => !ServesTheDescription(e.RoutePattern.RawText!) && !Excluded(e))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (Method: method, Path: "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();

        Assert.True(mapped.Count >= 29, $"only {mapped.Count} endpoints found; is the routing table the app's?");
        var described = document!.Paths
            .SelectMany(p => (p.Value.Operations ?? []).Keys.Select(method => (Method: method.Method, Path: p.Key)))
            .ToHashSet();
        var missing = mapped.Where(m => !described.Contains(m)).ToList();
        Assert.Empty(missing); // xunit prints what is missing
    }
}
