using System.Collections.Concurrent;

namespace Cluster.Gateway.Subscriptions;

/// <summary>
/// Wake-ups for live subscriptions, keyed by stream or topic. A subscriber takes the wait task
/// <em>before</em> it reads the journal, so a commit announced during the read is never missed.
/// An entry exists only while someone waits on it and is removed by the signal that completes it.
/// </summary>
public sealed class CommitSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    public static string StreamKey(string stream) => "s:" + stream;

    public static string TopicKey(string topic) => "t:" + topic;

    /// <summary>A task that completes at the next signal for <paramref name="key"/>.</summary>
    public Task NextAsync(string key) =>
        _waiters.GetOrAdd(key, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Signal(string key)
    {
        if (_waiters.TryRemove(key, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
