using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cluster.Gateway.OpenApi;

/// <summary>
/// Endpoint metadata: another media type a status can be answered in, with its own schema (content
/// negotiation, e.g. a page as CloudEvents). <c>.Produces</c> keeps one type per status, so these are
/// added to the operation after it is generated.
/// </summary>
internal sealed record AlternativeResponse(int Status, Type Type, string ContentType);

internal static class AlternativeResponseExtensions
{
    public static RouteHandlerBuilder AlsoProduces<T>(this RouteHandlerBuilder builder, int status, string contentType) =>
        builder.WithMetadata(new AlternativeResponse(status, typeof(T), contentType));
}

/// <summary>Adds each endpoint's <see cref="AlternativeResponse"/> media types to its responses.</summary>
internal sealed class AlternativeResponses : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var alternative in context.Description.ActionDescriptor.EndpointMetadata.OfType<AlternativeResponse>())
        {
            var status = alternative.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            operation.Responses ??= [];
            if (!operation.Responses.TryGetValue(status, out var response) || response is not OpenApiResponse concrete)
            {
                concrete = new OpenApiResponse { Description = "OK" };
                operation.Responses[status] = concrete;
            }

            concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
            concrete.Content[alternative.ContentType] = new OpenApiMediaType
            {
                Schema = await context.GetOrCreateSchemaAsync(alternative.Type, null, cancellationToken),
            };
        }
    }
}
