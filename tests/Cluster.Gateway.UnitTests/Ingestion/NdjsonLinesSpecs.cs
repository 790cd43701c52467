using System.IO.Pipelines;
using System.Text;
using Cluster.Gateway.Ingestion;

namespace Cluster.Gateway.UnitTests.Ingestion;

/// <summary>NDJSON bodies split into numbered lines as they arrive, however the bytes are cut.</summary>
public sealed class NdjsonLinesSpecs
{
    /// <summary>The lines read from <paramref name="body"/> written in pieces of <paramref name="piece"/> bytes.</summary>
    private static async Task<List<(long Number, string? Text, string? Error)>> ReadAsync(string body, int piece, int maxLineBytes = 64)
    {
        var pipe = new Pipe();
        var bytes = Encoding.UTF8.GetBytes(body);
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < bytes.Length; i += piece)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(piece, bytes.Length - i)));
            }

            await pipe.Writer.CompleteAsync();
        });
        var lines = new List<(long, string?, string?)>();
        await foreach (var line in NdjsonLines.ReadAsync(pipe.Reader, maxLineBytes))
        {
            lines.Add((line.Number, line.Error is null ? Encoding.UTF8.GetString(line.Bytes.Span) : null, line.Error));
        }

        await writing;
        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Lines_come_out_whole_and_numbered_however_the_body_arrives(int piece)
    {
        var lines = await ReadAsync("{\"a\":1}\n{\"b\":2}\r\n{\"c\":3}", piece);

        Assert.Equal([(1L, "{\"a\":1}", null), (2L, "{\"b\":2}", null), (3L, "{\"c\":3}", null)], lines);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task An_over_long_line_is_reported_once_and_the_lines_after_it_are_read(int piece)
    {
        var lines = await ReadAsync($"{{\"a\":1}}\n{new string('x', 200)}\n{{\"b\":2}}\n", piece, maxLineBytes: 64);

        Assert.Equal(3, lines.Count);
        Assert.Equal((1L, "{\"a\":1}", null), lines[0]);
        Assert.Equal(2, lines[1].Number);
        Assert.Equal("The line is longer than 64 bytes.", lines[1].Error);
        Assert.Equal((3L, "{\"b\":2}", null), lines[2]);
    }

    [Fact]
    public async Task A_blank_line_keeps_its_number_and_is_an_error_line()
    {
        var lines = await ReadAsync("{\"a\":1}\n \t\n{\"b\":2}\n", 4096);

        Assert.Equal((2L, null, "The line is empty."), lines[1]);
        Assert.Equal(3, lines[2].Number);
    }
}
