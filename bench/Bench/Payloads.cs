using System.Text;

namespace Bench;

/// <summary>Event bodies of a fixed size, so every run measures the same bytes.</summary>
public static class Payloads
{
    /// <summary>One event whose <c>data</c> is about <paramref name="bytes"/> bytes of JSON.</summary>
    public static string Event(int bytes, string type = "BenchEvent", string? extraJson = null)
    {
        var filler = new string('x', Math.Max(0, bytes - 16 - (extraJson?.Length ?? 0)));
        var extra = extraJson is null ? string.Empty : extraJson + ",";
        return $"{{\"eventId\":\"{Guid.NewGuid()}\",\"type\":\"{type}\",\"data\":{{{extra}\"pad\":\"{filler}\"}}}}";
    }

    /// <summary>One NDJSON line for <c>POST /ingest</c> (with its newline).</summary>
    public static string IngestLine(string stream, int bytes) =>
        $"{{\"stream\":\"{stream}\",\"eventId\":\"{Guid.NewGuid()}\",\"type\":\"BenchEvent\",\"data\":{{\"pad\":\"{new string('x', Math.Max(0, bytes - 16))}\"}}}}\n";

    public static string Batch(int count, int bytes)
    {
        var builder = new StringBuilder(count * (bytes + 100));
        builder.Append('[');
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(Event(bytes));
        }

        return builder.Append(']').ToString();
    }
}
