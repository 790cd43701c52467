using System.Text.Json;
using CommunityToolkit.HighPerformance.Buffers;

namespace Cluster.Gateway.Http;

/// <summary>Writes a JSON response built with <see cref="Utf8JsonWriter"/> (used where event bytes are copied verbatim).</summary>
/// <remarks>
/// The body is built in a buffer rented from the shared array pool, so that the response keeps its
/// Content-Length and a page of 1,000 events (about 300 KB) costs no fresh allocation: a growing
/// array of its own went to the large-object heap at each doubling past 85 KB, and during catch-up
/// reads the background GC that it set off took a fifth of the gateway's CPU (docs/write-path.md).
/// </remarks>
internal sealed class JsonBody(Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var buffer = new ArrayPoolBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = buffer.WrittenCount;
        await httpContext.Response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
    }
}
