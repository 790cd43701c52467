using System.Text;
using System.Text.Json;

/// <summary>
/// The floor of <c>POST /ingest</c>: the whole NDJSON body read, each line parsed (an object with a
/// "stream" and a "type"), one answer line per input line in input order, as the gateway answers
/// (<c>{"stream":…,"sequence":N}</c> or <c>{"line":K,"error":…}</c>). With a <see cref="DurableLog"/>
/// the body is synced to it before the answer. Unlike the gateway it neither streams the body nor
/// bounds its size: a floor for the bench's 100-line requests, not an ingest.
/// </summary>
internal static class IngestFloor
{
    private static long s_sequence;

    public static async Task HandleAsync(HttpContext context, DurableLog? log)
    {
        var bytes = await RequestBody.ReadAsync(context.Request);
        var answers = new StringBuilder();
        var rest = bytes;
        for (var line = 1; !rest.IsEmpty; line++)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var text = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            answers.Append(Answer(text, line)).Append('\n');
        }

        if (log is not null)
        {
            await log.AppendAsync(bytes);
        }

        context.Response.ContentType = "application/x-ndjson";
        await context.Response.WriteAsync(answers.ToString());
    }

    private static string Answer(ReadOnlyMemory<byte> line, int number)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("stream", out var stream) && document.RootElement.TryGetProperty("type", out _))
            {
                return $"{{\"stream\":{JsonSerializer.Serialize(stream.GetString())},\"sequence\":{Interlocked.Increment(ref s_sequence)}}}";
            }
        }
        catch (JsonException)
        {
        }

        return $"{{\"line\":{number},\"error\":\"not an event\"}}";
    }
}
