using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Cluster.Gateway.Ingestion;

/// <summary>One line of an NDJSON body: its 1-based number and bytes, or why it was not read.</summary>
internal sealed record NdjsonLine(long Number, ReadOnlyMemory<byte> Bytes, string? Error);

/// <summary>
/// Splits a request body into lines as it arrives, pulled one at a time (so the body is read no
/// faster than lines are consumed). A line longer than the limit is skipped up to its newline and
/// reported as an error line; the rest of the body is unaffected.
/// </summary>
internal static class NdjsonLines
{
    public static async IAsyncEnumerable<NdjsonLine> ReadAsync(PipeReader body, int maxLineBytes, [EnumeratorCancellation] CancellationToken ct = default)
    {
        long number = 0;
        var skipping = false;
        while (true)
        {
            var result = await body.ReadAsync(ct);
            var buffer = result.Buffer;
            var lines = new List<NdjsonLine>();
            while (TryTakeLine(ref buffer, out var line))
            {
                if (skipping)
                {
                    skipping = false;
                    continue; // the tail of an over-long line, already reported
                }

                number++;
                if (line.Length > maxLineBytes)
                {
                    lines.Add(new NdjsonLine(number, default, $"The line is longer than {maxLineBytes} bytes."));
                }
                else if (!IsBlank(line))
                {
                    lines.Add(new NdjsonLine(number, TrimCarriageReturn(line.ToArray()), null));
                }
                else
                {
                    lines.Add(new NdjsonLine(number, default, "The line is empty."));
                }
            }

            if (!skipping && buffer.Length > maxLineBytes)
            {
                // No newline within the limit: report the line now and drop its bytes as they come.
                number++;
                lines.Add(new NdjsonLine(number, default, $"The line is longer than {maxLineBytes} bytes."));
                skipping = true;
                buffer = buffer.Slice(buffer.End);
            }
            else if (skipping)
            {
                buffer = buffer.Slice(buffer.End);
            }

            if (result.IsCompleted && !skipping && buffer.Length > 0)
            {
                // The last line had no trailing newline.
                number++;
                var last = buffer;
                lines.Add(IsBlank(last) ? new NdjsonLine(number, default, "The line is empty.") : new NdjsonLine(number, TrimCarriageReturn(last.ToArray()), null));
                buffer = buffer.Slice(buffer.End);
            }

            body.AdvanceTo(buffer.Start, buffer.End);
            foreach (var line in lines)
            {
                yield return line;
            }

            if (result.IsCompleted)
            {
                yield break;
            }
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static ReadOnlyMemory<byte> TrimCarriageReturn(byte[] line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line.AsMemory(0, line.Length - 1) : line;
}
