using System.Buffers;
using System.Text.Json;
using Messages.Streams;

namespace Cluster.Gateway.Ingestion;

/// <summary>A parsed ingest line: the event for its stream, or the reason it is refused.</summary>
internal sealed record IngestLine(long Number, string? Stream, EventData? Event, string? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>The NDJSON answer lines of <c>POST /ingest</c>.</summary>
internal static class IngestAnswers
{
    public static byte[] Stored(string stream, long sequence) => Line(writer =>
    {
        writer.WriteString("stream", stream);
        writer.WriteNumber("sequence", sequence);
    });

    public static byte[] Failed(long line, string error) => Line(writer =>
    {
        writer.WriteNumber("line", line);
        writer.WriteString("error", error);
    });

    private static byte[] Line(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
