using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cluster.Gateway.OpenApi;

/// <summary>Endpoint metadata: the JSON request body is one event or an array of them (an atomic batch).</summary>
public sealed record AcceptsOneOrMany;

/// <summary>Turns the JSON request body of endpoints marked <see cref="AcceptsOneOrMany"/> into <c>oneOf: [event, array of events]</c>.</summary>
internal sealed class OneEventOrBatch : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<AcceptsOneOrMany>().Any()
            || operation.RequestBody?.Content is not { } content
            || !content.TryGetValue("application/json", out var json)
            || json.Schema is not { } one)
        {
            return Task.CompletedTask;
        }

        json.Schema = new OpenApiSchema
        {
            OneOf = [one, new OpenApiSchema { Type = JsonSchemaType.Array, Items = one, MinItems = 1 }],
        };
        return Task.CompletedTask;
    }
}
