using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace EventCluster.Cli.Common;

/// <summary>
/// Progress of long work (a bench, a publish from stdin), on stderr so stdout stays the results: a
/// live progress bar when stderr is a terminal, else a plain line every few seconds (a log or CI
/// shows the run is alive without a flood). Short work shows nothing.
/// </summary>
internal sealed class ProgressReport : IAsyncDisposable
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    private readonly string _label;
    private readonly long? _total;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Task _display;
    private long _done;

    private ProgressReport(string label, long? total)
    {
        _label = label;
        _total = total;
        _display = Console.IsErrorRedirected ? PlainAsync() : LiveAsync();
    }

    /// <summary>Starts showing progress of <paramref name="label"/> towards <paramref name="total"/> (null: unknown, a counter).</summary>
    public static ProgressReport Start(string label, long? total) => new(label, total);

    public long Done => Interlocked.Read(ref _done);

    public void Advance(long count) => Interlocked.Add(ref _done, count);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _display;
        _stop.Dispose();
    }

    private string Summary()
    {
        var rate = Done / Math.Max(_elapsed.Elapsed.TotalSeconds, 0.001);
        var of = _total is { } total ? $"/{total}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{_label}: {Done}{of} ({rate:F0}/s)");
    }

    private async Task PlainAsync()
    {
        using var timer = new PeriodicTimer(PlainInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Console.Error.WriteLine(Summary());
            }
        }
        catch (OperationCanceledException)
        {
            // Done: the command prints its own result.
        }
    }

    private Task LiveAsync()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(_label), maxValue: _total ?? 1);
                task.IsIndeterminate = _total is null;
                while (!_stop.IsCancellationRequested)
                {
                    task.Value = _total is null ? 0 : Done;
                    task.Description = Markup.Escape(Summary());
                    try
                    {
                        await Task.Delay(100, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            });
    }
}
