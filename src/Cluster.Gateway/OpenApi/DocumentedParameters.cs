using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cluster.Gateway.OpenApi;

/// <summary>Endpoint metadata: a query parameter or header the endpoint reads itself (so ASP.NET Core cannot see it).</summary>
internal sealed record ApiParameter(string Name, ParameterLocation In, JsonSchemaType Type, string Description);

internal static class ApiParameterExtensions
{
    /// <summary>Documents a query parameter the handler parses itself (to answer a bad value with its own problem detail).</summary>
    public static TBuilder WithQuery<TBuilder>(this TBuilder builder, string name, string description, JsonSchemaType type = JsonSchemaType.Integer)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiParameter(name, ParameterLocation.Query, type, description));

    /// <summary>Documents a request header the handler reads.</summary>
    public static TBuilder WithHeader<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiParameter(name, ParameterLocation.Header, JsonSchemaType.String, description));
}

/// <summary>Adds each endpoint's <see cref="ApiParameter"/> metadata to its operation.</summary>
internal sealed class DocumentedParameters : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiParameter>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = parameter.In,
                Description = parameter.Description,
                Required = false,
                Schema = new OpenApiSchema { Type = parameter.Type },
            });
        }

        return Task.CompletedTask;
    }
}
