using Cluster.Node.Reads;

namespace Cluster.Gateway.CloudEvents;

/// <summary>Pages in CloudEvents form (<see cref="CloudEventForm"/>) when the client asks for them.</summary>
internal static class CloudEventResponses
{
    /// <summary>Whether the client asked for a CloudEvents batch (its Accept header names the media type).</summary>
    public static bool Wanted(HttpRequest request) =>
        request.Headers.Accept.Any(value => value?.Contains(CloudEventForm.BatchMediaType, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>A page as a JSON array of structured CloudEvents, with the next page in a <c>Link</c> header when there is one.</summary>
    public static IResult Batch(IReadOnlyList<StoredEvent> events, bool withOffset, string? nextPage) =>
        new BatchResult(CloudEventForm.Batch(events, withOffset), nextPage);

    private sealed class BatchResult(ReadOnlyMemory<byte> body, string? nextPage) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = CloudEventForm.BatchMediaType + "; charset=utf-8";
            if (nextPage is not null)
            {
                httpContext.Response.Headers.Link = $"<{nextPage}>; rel=\"next\"";
            }

            await httpContext.Response.Body.WriteAsync(body);
        }
    }
}
