namespace Cluster.Node.Streams;

/// <summary>
/// Immutable, bounded window of a stream's most recent event ids and the sequence each was stored at.
/// It is what makes appends idempotent: a retried batch is recognised while its ids are still inside.
///
/// Memory matters here (one window per live stream, thousands of streams): ids are kept in
/// immutable chunks of <see cref="ChunkSize"/> (16 bytes an id plus a one-byte-per-slot hash index),
/// about 20 bytes an id instead of the ~150 of an immutable hash map. Adding writes into the last
/// chunk's buffer, shared with the earlier versions (see <see cref="Chunk"/>). The oldest chunk drops out once the window holds a whole chunk more
/// than its capacity, so it always covers at least the last <see cref="Capacity"/> ids.
///
/// Each full chunk also has a small Bloom filter (one more byte an id), all of them in one array
/// (<see cref="ChunkFilters"/>): a lookup tests the filters and probes only the chunks whose filter
/// may hold the id. Why: almost every lookup is of a new id, and probing every chunk cost one
/// chunk's index and ids per 64 ids of the window (157 chunks at the default 10,000), 3% of the
/// gateway's CPU with one hot stream (docs/benchmarks.md).
/// </summary>
internal sealed class RecentEventIds
{
    public const int ChunkSize = 64;

    private readonly Chunk[] _full; // oldest first, never changed once built
    private readonly ChunkFilters _filters; // the filter of _full[i] at i
    private readonly Chunk _tail;
    private readonly long _firstSequence;

    private RecentEventIds(int capacity, Chunk[] full, ChunkFilters filters, Chunk tail, long firstSequence)
    {
        Capacity = capacity;
        _full = full;
        _filters = filters;
        _tail = tail;
        _firstSequence = firstSequence;
    }

    public static RecentEventIds Empty(int capacity) =>
        capacity > 0
            ? new(capacity, [], ChunkFilters.None, Chunk.Empty, 1)
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

    public int Count => (_full.Length * ChunkSize) + _tail.Count;

    /// <summary>The sequence an id was stored at, if it is still inside the window.</summary>
    public bool TryGetSequence(Guid eventId, out long sequence)
    {
        var bits = ChunkFilters.BitsOf(eventId);
        for (var i = 0; i < _full.Length; i++)
        {
            if (!_filters.MayHold(i, bits))
            {
                continue;
            }

            var slot = _full[i].IndexOf(eventId);
            if (slot >= 0)
            {
                sequence = _firstSequence + ((long)i * ChunkSize) + slot;
                return true;
            }
        }

        var tailSlot = _tail.IndexOf(eventId);
        sequence = tailSlot >= 0 ? _firstSequence + ((long)_full.Length * ChunkSize) + tailSlot : 0;
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
        var sealsTail = tail.Count == ChunkSize;
        var fullChunks = _full.Length + (sealsTail ? 1 : 0);
        var tailCount = sealsTail ? 0 : tail.Count;

        // Drop the oldest chunks while what remains still covers the capacity.
        var dropped = 0;
        while (fullChunks - dropped > 0 && ((fullChunks - dropped - 1) * ChunkSize) + tailCount >= Capacity)
        {
            dropped++;
        }

        if (!sealsTail && dropped == 0)
        {
            return new RecentEventIds(Capacity, _full, _filters, tail, first);
        }

        // The full chunks change (about once per chunk of ids): both arrays are built anew.
        var full = new Chunk[fullChunks - dropped];
        _full.AsSpan(dropped).CopyTo(full);
        if (sealsTail)
        {
            full[^1] = tail;
        }

        var filters = _filters.Rebuilt(dropped, sealsTail ? tail.Ids : []);
        return new RecentEventIds(Capacity, full, filters, sealsTail ? Chunk.Empty : tail, first + ((long)dropped * ChunkSize));
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

    /// <summary>
    /// Up to <see cref="ChunkSize"/> ids in order, with an open-addressing index of their slots.
    /// Successive versions share one fixed-size buffer: the first successor of a version writes its id
    /// into the next free slot in place, and only a second successor of the same version (a branch,
    /// e.g. decisions taken again after a failed write) copies. A version sees only its first
    /// <see cref="Count"/> slots, which never change once written. Why: a stream appends about every
    /// event through here; copying the chunk each time allocated about a kilobyte per event, and the
    /// copies a live stream held between appends were promoted and piled up as old-generation garbage
    /// (hundreds of MB of resident memory during a bulk ingest).
    /// </summary>
    private sealed class Chunk
    {
        private const int IndexSize = ChunkSize * 2;
        private readonly Buffer _buffer;

        private Chunk(Buffer buffer, int count)
        {
            _buffer = buffer;
            Count = count;
        }

        public static Chunk Empty { get; } = new(new Buffer(0), 0);

        public int Count { get; }

        public ReadOnlySpan<Guid> Ids => _buffer.Ids.AsSpan(0, Count);

        public int IndexOf(Guid id)
        {
            var index = _buffer.Index;
            for (var probe = Hash(id); ; probe = (probe + 1) % IndexSize)
            {
                var entry = index[probe];
                if (entry == 0)
                {
                    return -1;
                }

                // Entries past this version's count belong to a later version: occupied, not ours.
                if (entry <= Count && _buffer.Ids[entry - 1] == id)
                {
                    return entry - 1;
                }
            }
        }

        public Chunk With(Guid id)
        {
            var buffer = _buffer;
            if (Count == buffer.Ids.Length)
            {
                // Full: a larger buffer (capacities double up to a chunk, so short streams stay small).
                buffer = buffer.CopyOf(Count, Math.Min(ChunkSize, Math.Max(4, Count * 2)));
            }
            else if (Interlocked.CompareExchange(ref buffer.Claimed, Count + 1, Count) != Count)
            {
                // Another version already extended this one in place.
                buffer = buffer.CopyOf(Count, buffer.Ids.Length);
            }

            buffer.Ids[Count] = id;
            var probe = Hash(id);
            while (buffer.Index[probe] != 0)
            {
                probe = (probe + 1) % IndexSize;
            }

            buffer.Index[probe] = (byte)(Count + 1);
            return new Chunk(buffer, Count + 1);
        }

        private static int Hash(Guid id) => (id.GetHashCode() & int.MaxValue) % IndexSize;

        private sealed class Buffer(int capacity)
        {
            public readonly Guid[] Ids = new Guid[capacity];
            public readonly byte[] Index = new byte[IndexSize]; // slot + 1, 0 = empty

            /// <summary>Slots handed out so far; a version of count n may extend in place only while this is n.</summary>
            public int Claimed;

            /// <summary>A fresh buffer with the first <paramref name="count"/> ids, already claimed by its one successor.</summary>
            public Buffer CopyOf(int count, int newCapacity)
            {
                var copy = new Buffer(newCapacity) { Claimed = count + 1 };
                Ids.AsSpan(0, count).CopyTo(copy.Ids);
                for (var probe = 0; probe < IndexSize; probe++)
                {
                    if (Index[probe] is var entry and > 0 && entry <= count)
                    {
                        copy.Index[probe] = entry;
                    }
                }

                return copy;
            }
        }
    }
}
