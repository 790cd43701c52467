using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Cli.Tests.Infrastructure;

/// <summary>
/// One running evc: its stdout lines as they come (to act while a <c>tail</c> runs), stdin written
/// and closed at the start, the environment stated by the spec (EVC_SERVER and EVC_KEY never
/// inherited from the machine).
/// </summary>
public sealed class EvcProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reading;

    private EvcProcess(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(ReadAsync(process.StandardOutput, _stdout, _lines), ReadAsync(process.StandardError, _stderr, null));
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>What it wrote to stderr so far.</summary>
    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Writes a line to stdin (started with <c>keepInputOpen</c>), as a slow producer would.</summary>
    public async Task WriteInputLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Ends stdin: the end of the input.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public static async Task<EvcProcess> StartAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? stdin, bool keepInputOpen = false)
    {
        var start = new ProcessStartInfo(await InstalledEvc.PathAsync())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("EVC_SERVER");
        start.Environment.Remove("EVC_KEY");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start evc.");
        var evc = new EvcProcess(process);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        if (!keepInputOpen)
        {
            process.StandardInput.Close();
        }

        return evc;
    }

    /// <summary>Waits until stdout has at least <paramref name="count"/> lines.</summary>
    public Task WaitForLinesAsync(int count) =>
        Eventually.UntilAsync(() => _lines.Count >= count || _process.HasExited, SpecTimes.Patience, TimeSpan.FromMilliseconds(50), () => $"evc printed {_lines.Count} of {count} lines:\n{_stdout}\n{_stderr}");

    /// <summary>Waits for the exit (killing it after <paramref name="patience"/>, default <see cref="SpecTimes.Patience"/>, as a failure) and returns what it printed.</summary>
    public async Task<EvcResult> WaitForExitAsync(TimeSpan? patience = null)
    {
        var wait = patience ?? SpecTimes.Patience;
        using var deadline = new CancellationTokenSource(wait);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _reading;
            Assert.Fail($"evc did not exit within {wait}:\n{_stdout}\n{_stderr}");
        }

        await _reading;
        return new EvcResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _reading;
        _process.Dispose();
    }

    private static async Task ReadAsync(StreamReader reader, StringBuilder all, ConcurrentQueue<string>? lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (all)
            {
                all.Append(line).Append('\n');
            }

            lines?.Enqueue(line);
        }
    }
}
