using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cluster.Gateway.OpenApi;

/// <summary>
/// Endpoint metadata: the body an endpoint reads itself, for the document only. Unlike
/// <c>.Accepts&lt;T&gt;()</c> it does not make routing refuse other content types with a bare 415:
/// the endpoints decide what they accept (a JSON body sent as form data is still read as JSON, a
/// CloudEvent is recognised by its own media types) and answer with their own problem details.
/// </summary>
/// <param name="OneOrMany">The body is one <paramref name="Type"/> or a non-empty array of them (an atomic batch).</param>
internal sealed record DocumentedRequestBody(Type Type, string ContentType, bool OneOrMany = false);

internal static class DocumentedRequestBodyExtensions
{
    public static RouteHandlerBuilder WithRequestBody<T>(this RouteHandlerBuilder builder, string contentType) =>
        builder.WithMetadata(new DocumentedRequestBody(typeof(T), contentType));

    /// <summary>A body of one <typeparamref name="T"/> or an array of them.</summary>
    public static RouteHandlerBuilder WithOneOrManyRequestBody<T>(this RouteHandlerBuilder builder, string contentType) =>
        builder.WithMetadata(new DocumentedRequestBody(typeof(T), contentType, OneOrMany: true));
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
            content[body.ContentType] = new OpenApiMediaType
            {
                Schema = body.OneOrMany
                    ? new OpenApiSchema { OneOf = [schema, new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema, MinItems = 1 }] }
                    : schema,
            };
        }

        operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
    }
}
