using System.Collections.Immutable;

namespace Cluster.Node.Streams;

/// <summary>
/// Immutable, bounded window of a stream's most recent event ids and the sequence each was stored at.
/// It is what makes appends idempotent: a retried batch is recognised while its ids are still inside.
/// </summary>
public sealed class RecentEventIds
{
    private readonly ImmutableDictionary<Guid, long> _sequences;
    private readonly ImmutableQueue<Guid> _oldestFirst;

    private RecentEventIds(int capacity, ImmutableDictionary<Guid, long> sequences, ImmutableQueue<Guid> oldestFirst)
    {
        Capacity = capacity;
        _sequences = sequences;
        _oldestFirst = oldestFirst;
    }

    public static RecentEventIds Empty(int capacity) =>
        capacity > 0
            ? new(capacity, ImmutableDictionary<Guid, long>.Empty, ImmutableQueue<Guid>.Empty)
            : throw new ArgumentOutOfRangeException(nameof(capacity), "The idempotency window needs room for at least one id.");

    /// <summary>Rebuilds the window from a snapshot whose last id was stored at <paramref name="lastSequence"/>.</summary>
    public static RecentEventIds FromSnapshot(int capacity, IReadOnlyList<Guid> oldestFirst, long lastSequence)
    {
        var window = Empty(capacity);
        var firstSequence = lastSequence - oldestFirst.Count + 1;
        for (var i = 0; i < oldestFirst.Count; i++)
        {
            window = window.Add(oldestFirst[i], firstSequence + i);
        }

        return window;
    }

    public int Capacity { get; }

    public int Count => _sequences.Count;

    /// <summary>The sequence an id was stored at, if it is still inside the window.</summary>
    public bool TryGetSequence(Guid eventId, out long sequence) => _sequences.TryGetValue(eventId, out sequence);

    /// <summary>The window after storing <paramref name="eventId"/> at <paramref name="sequence"/>; the oldest id drops out when full.</summary>
    public RecentEventIds Add(Guid eventId, long sequence)
    {
        var sequences = _sequences.SetItem(eventId, sequence);
        var order = _oldestFirst.Enqueue(eventId);
        while (sequences.Count > Capacity)
        {
            order = order.Dequeue(out var evicted);
            sequences = sequences.Remove(evicted);
        }

        return new RecentEventIds(Capacity, sequences, order);
    }

    /// <summary>The ids in the window, oldest first (what a snapshot stores).</summary>
    public IReadOnlyList<Guid> OldestFirst() => [.. _oldestFirst];
}
