using System.Collections.Immutable;

namespace Cluster.Node.Streams;

/// <summary>
/// Immutable, bounded window of a stream's most recent event ids and the sequence each was stored at.
/// It is what makes appends idempotent: a retried batch is recognised while its ids are still inside.
///
/// Memory matters here (one window per live stream, thousands of streams): ids are kept in
/// immutable chunks of <see cref="ChunkSize"/> (16 bytes an id plus a one-byte-per-slot hash index),
/// about 20 bytes an id instead of the ~150 of an immutable hash map. Adding copies only the
/// partly filled last chunk. The oldest chunk drops out once the window holds a whole chunk more
/// than its capacity, so it always covers at least the last <see cref="Capacity"/> ids.
/// </summary>
public sealed class RecentEventIds
{
    public const int ChunkSize = 64;

    private readonly ImmutableQueue<Chunk> _full;
    private readonly int _fullChunks;
    private readonly Chunk _tail;
    private readonly long _firstSequence;

    private RecentEventIds(int capacity, ImmutableQueue<Chunk> full, int fullChunks, Chunk tail, long firstSequence)
    {
        Capacity = capacity;
        _full = full;
        _fullChunks = fullChunks;
        _tail = tail;
        _firstSequence = firstSequence;
    }

    public static RecentEventIds Empty(int capacity) =>
        capacity > 0
            ? new(capacity, ImmutableQueue<Chunk>.Empty, 0, Chunk.Empty, 1)
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

    public int Count => (_fullChunks * ChunkSize) + _tail.Count;

    /// <summary>The sequence an id was stored at, if it is still inside the window.</summary>
    public bool TryGetSequence(Guid eventId, out long sequence)
    {
        var offset = _firstSequence;
        foreach (var chunk in _full)
        {
            var slot = chunk.IndexOf(eventId);
            if (slot >= 0)
            {
                sequence = offset + slot;
                return true;
            }

            offset += ChunkSize;
        }

        var tailSlot = _tail.IndexOf(eventId);
        sequence = tailSlot >= 0 ? offset + tailSlot : 0;
        return tailSlot >= 0;
    }

    /// <summary>
    /// The window after storing <paramref name="eventId"/> at <paramref name="sequence"/>, which must
    /// follow the last stored sequence (ids are added in stream order).
    /// </summary>
    public RecentEventIds Add(Guid eventId, long sequence)
    {
        var first = Count == 0 ? sequence : _firstSequence;
        if (sequence != first + Count)
        {
            throw new ArgumentException($"Sequence {sequence} does not follow the window's last sequence {first + Count - 1}.", nameof(sequence));
        }

        var tail = _tail.With(eventId);
        var full = _full;
        var fullChunks = _fullChunks;
        if (tail.Count == ChunkSize)
        {
            full = full.Enqueue(tail);
            fullChunks++;
            tail = Chunk.Empty;
        }

        // Drop the oldest chunk while what remains still covers the capacity.
        while (fullChunks > 0 && ((fullChunks - 1) * ChunkSize) + tail.Count >= Capacity)
        {
            full = full.Dequeue();
            fullChunks--;
            first += ChunkSize;
        }

        return new RecentEventIds(Capacity, full, fullChunks, tail, first);
    }

    /// <summary>The ids in the window, oldest first (what a snapshot stores).</summary>
    public IReadOnlyList<Guid> OldestFirst()
    {
        var ids = new List<Guid>(Count);
        foreach (var chunk in _full)
        {
            ids.AddRange(chunk.Ids);
        }

        ids.AddRange(_tail.Ids);
        return ids;
    }

    /// <summary>Up to <see cref="ChunkSize"/> ids in order, with an open-addressing index of their slots.</summary>
    private sealed class Chunk
    {
        private const int IndexSize = ChunkSize * 2;
        private readonly Guid[] _ids;
        private readonly byte[] _index; // slot + 1, 0 = empty

        private Chunk(Guid[] ids, byte[] index, int count)
        {
            _ids = ids;
            _index = index;
            Count = count;
        }

        public static Chunk Empty { get; } = new([], new byte[IndexSize], 0);

        public int Count { get; }

        public ReadOnlySpan<Guid> Ids => _ids.AsSpan(0, Count);

        public int IndexOf(Guid id)
        {
            for (var probe = Hash(id); ; probe = (probe + 1) % IndexSize)
            {
                var entry = _index[probe];
                if (entry == 0)
                {
                    return -1;
                }

                if (_ids[entry - 1] == id)
                {
                    return entry - 1;
                }
            }
        }

        public Chunk With(Guid id)
        {
            var ids = new Guid[Count + 1];
            _ids.AsSpan(0, Count).CopyTo(ids);
            ids[Count] = id;
            var index = (byte[])_index.Clone();
            var probe = Hash(id);
            while (index[probe] != 0)
            {
                probe = (probe + 1) % IndexSize;
            }

            index[probe] = (byte)(Count + 1);
            return new Chunk(ids, index, Count + 1);
        }

        private static int Hash(Guid id) => (id.GetHashCode() & int.MaxValue) % IndexSize;
    }
}
