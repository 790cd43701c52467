using System.Diagnostics;

namespace Bench;

/// <summary>
/// Sends a fixed number of messages at a fixed rate (the live phases), each on its own task with at
/// most 256 outstanding, and says when the warm-up part is over.
/// </summary>
public static class PacedSender
{
    private const int MaxOutstanding = 256;

    /// <returns>The seconds the sending took.</returns>
    public static async Task<double> RunAsync(int total, int ratePerSecond, int warmup, Action measuringStarts, Func<int, Task> send)
    {
        using var inFlight = new SemaphoreSlim(MaxOutstanding);
        var sends = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            if (i == warmup)
            {
                measuringStarts();
            }

            var due = TimeSpan.FromSeconds((double)i / ratePerSecond) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            await inFlight.WaitAsync();
            var n = i;
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    await send(n);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(sends);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
