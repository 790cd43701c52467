using System.Collections.Concurrent;

namespace Cluster.Gateway.Subscriptions;

/// <summary>
/// Wake-ups for live subscriptions, keyed by stream or topic. A subscriber takes the wait task
/// <em>before</em> it reads the journal, so a commit announced during the read is never missed.
/// An entry exists only while someone waits on it and is removed by the signal that completes it.
/// </summary>
internal sealed class CommitSignals
{
    private readonly ConcurrentDictionary<SignalKey, TaskCompletionSource> _waiters = new();

    public static SignalKey StreamKey(string stream) => new(IsStream: true, stream);

    public static SignalKey TopicKey(string topic) => new(IsStream: false, topic);

    /// <summary>A task that completes at the next signal for <paramref name="key"/>.</summary>
    public Task NextAsync(SignalKey key) =>
        _waiters.GetOrAdd(key, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Signal(SignalKey key)
    {
        if (_waiters.TryRemove(key, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}

/// <summary>What a subscription waits on: a stream or a topic, by name (a value: signalling allocates nothing).</summary>
internal readonly record struct SignalKey(bool IsStream, string Name);
