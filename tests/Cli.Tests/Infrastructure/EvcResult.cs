using System.Text.Json;

namespace Cli.Tests.Infrastructure;

/// <summary>How one run of evc ended: its exit code and everything it wrote.</summary>
public sealed record EvcResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stdout as one JSON document (what <c>--json</c> prints for a command).</summary>
    public JsonElement Json()
    {
        Assert.True(ExitCode == 0, ToString());
        return JsonDocument.Parse(Stdout).RootElement.Clone();
    }

    /// <summary>stdout as NDJSON (what <c>--json</c> prints for read and tail): one document per line.</summary>
    public IReadOnlyList<JsonElement> JsonLines()
    {
        Assert.True(ExitCode == 0, ToString());
        return [.. Lines(Stdout).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    /// <summary>Asserts a failure: the exit code, nothing on stdout, one line on stderr naming the problem; returns that line.</summary>
    public string AssertFailed(int exitCode)
    {
        Assert.True(ExitCode == exitCode, $"expected exit {exitCode}: {this}");
        Assert.True(Stdout.Length == 0, $"a failure prints no results: {this}");
        var line = Assert.Single(Lines(Stderr));
        Assert.StartsWith("evc: ", line, StringComparison.Ordinal);
        return line;
    }

    public static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
