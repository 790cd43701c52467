using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cluster.Gateway.OpenApi;

/// <summary>
/// Endpoint metadata: the body an endpoint reads itself, for the document only. Unlike
/// <c>.Accepts&lt;T&gt;()</c> it does not make routing refuse other content types with a bare 415:
/// the endpoints decide what they accept (a JSON body sent as form data is still read as JSON, a
/// CloudEvent is recognised by its own media types) and answer with their own problem details.
/// </summary>
public sealed record DocumentedRequestBody(Type Type, IReadOnlyList<string> ContentTypes);

public static class DocumentedRequestBodyExtensions
{
    public static TBuilder WithRequestBody<T, TBuilder>(this TBuilder builder, params string[] contentTypes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedRequestBody(typeof(T), contentTypes));

    public static RouteHandlerBuilder WithRequestBody<T>(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.WithRequestBody<T, RouteHandlerBuilder>(contentTypes);
}

/// <summary>Writes each endpoint's <see cref="DocumentedRequestBody"/> into its operation.</summary>
internal sealed class DocumentedRequestBodies : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var bodies = context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedRequestBody>().ToList();
        if (bodies.Count == 0)
        {
            return;
        }

        var content = new Dictionary<string, OpenApiMediaType>();
        foreach (var body in bodies)
        {
            var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
            foreach (var contentType in body.ContentTypes)
            {
                content[contentType] = new OpenApiMediaType { Schema = schema };
            }
        }

        operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
    }
}
