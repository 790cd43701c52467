using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cluster.Gateway.OpenApi;

/// <summary>
/// What the endpoints' metadata cannot say: the document's title, the bearer scheme (required on
/// every operation but <c>/health/*</c> when API keys are configured, with its 401 and 403), and the
/// endpoints that are not route handlers (health checks, the Prometheus scrape).
/// </summary>
internal sealed class GatewayDocument : IOpenApiDocumentTransformer
{
    private const string Bearer = "bearer";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Event cluster gateway";
        document.Info.Description =
            "Publish events to streams, read and subscribe to streams, topics and $all, consumer groups and webhooks. " +
            "Errors are RFC 9457 problem details. With API keys configured every endpoint but /health/* needs Authorization: Bearer <key>.";

        // Tags in reading order (a reference shows them in the document's order).
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Streams", Description = "Publish events and read streams." },
            new() { Name = "Topics", Description = "Read topics and $all, and their live statistics." },
            new() { Name = "Subscriptions", Description = "Server-sent events: catch-up, then live." },
            new() { Name = "Consumer groups", Description = "Durable, at-least-once delivery shared by a group's members." },
            new() { Name = "Webhooks", Description = "Push delivery to an HTTP endpoint, signed, at least once." },
            new() { Name = "Operations", Description = "Health, metrics and the cluster's state." },
            new() { Name = "Dashboard", Description = "What the dashboard page reads." },
        };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key from the Security:ApiKeys configuration. Not needed when no keys are configured (the gateway then binds loopback only).",
        };

        // The endpoints' own problem responses put ProblemDetails among the components; refer to it.
        IOpenApiSchema problem = document.Components.Schemas?.ContainsKey(nameof(ProblemDetails)) == true
            ? new OpenApiSchemaReference(nameof(ProblemDetails), document)
            : await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        await AddHealthAsync(document, context, cancellationToken);
        AddMetrics(document);

        foreach (var (path, item) in document.Paths)
        {
            if (path.StartsWith("/health/", StringComparison.Ordinal) || item.Operations is null)
            {
                continue;
            }

            foreach (var operation in item.Operations.Values)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] });
                operation.Responses ??= [];
                operation.Responses.TryAdd("401", ProblemResponse("No API key, or an unknown one (only when API keys are configured).", problem));
                operation.Responses.TryAdd("403", ProblemResponse("The key lacks the right this endpoint needs on its topic.", problem));
            }
        }
    }

    private static OpenApiResponse ProblemResponse(string description, IOpenApiSchema problem) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
    };

    private static async Task AddHealthAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        var health = await context.GetOrCreateSchemaAsync(typeof(HealthView), null, ct);
        foreach (var (path, summary) in new[]
                 {
                     ("/health/live", "Liveness: the actor system runs."),
                     ("/health/ready", "Readiness: an Up cluster member whose journal answers, whose shard regions are registered and which every node's commit announcements reach."),
                 })
        {
            var operation = new OpenApiOperation
            {
                Summary = summary,
                Tags = new HashSet<OpenApiTagReference> { new("Operations", document) },
                Responses = new OpenApiResponses
                {
                    ["200"] = Json("Healthy (or degraded).", health),
                    ["503"] = Json("Unhealthy; the body names the failing checks.", health),
                },
            };
            document.Paths[path] = PathWith(operation);
        }
    }

    private static void AddMetrics(OpenApiDocument document)
    {
        var operation = new OpenApiOperation
        {
            Summary = "Metrics in the Prometheus text format (admin right on *).",
            Tags = new HashSet<OpenApiTagReference> { new("Operations", document) },
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = "The current metrics.",
                    Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
                },
            },
        };
        document.Paths["/metrics"] = PathWith(operation);
    }

    private static OpenApiResponse Json(string description, OpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
    };

    private static OpenApiPathItem PathWith(OpenApiOperation get)
    {
        var item = new OpenApiPathItem();
        item.AddOperation(HttpMethod.Get, get);
        return item;
    }
}
