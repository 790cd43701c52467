namespace Cluster.Tests.Shared;

/// <summary>Waiting on a condition, not a sleep: read, check, and read again until it holds or the patience runs out.</summary>
public static class Eventually
{
    /// <summary>
    /// Reads with <paramref name="read"/> every <paramref name="interval"/> until <paramref name="done"/>
    /// holds for the value, and returns it; fails with <paramref name="failure"/> of the last value after <paramref name="patience"/>.
    /// </summary>
    /// <summary>Checks <paramref name="condition"/> every <paramref name="interval"/> until it holds; fails with <paramref name="failure"/> after <paramref name="patience"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan patience, TimeSpan interval, Func<string> failure) =>
        ReadUntilAsync(() => Task.FromResult(condition()), held => held, patience, interval, _ => failure());

    /// <summary>Checks <paramref name="condition"/> every <paramref name="interval"/> until it holds; fails with <paramref name="failure"/> after <paramref name="patience"/>.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan patience, TimeSpan interval, Func<string> failure) =>
        ReadUntilAsync(condition, held => held, patience, interval, _ => failure());

    public static async Task<T> ReadUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan patience, TimeSpan interval, Func<T, string> failure)
    {
        using var deadline = new CancellationTokenSource(patience);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.False(deadline.IsCancellationRequested, failure(value));
            await Task.Delay(interval, CancellationToken.None);
        }
    }
}
