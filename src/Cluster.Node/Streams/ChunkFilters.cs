using System.Runtime.InteropServices;

namespace Cluster.Node.Streams;

/// <summary>
/// A small Bloom filter per full chunk of a <see cref="RecentEventIds"/> window: 8 words of 64 bits
/// (one byte an id). An id sets three bits of one word, both chosen by its hash, and the words are
/// laid out word by word across the chunks, so a lookup reads one contiguous run of words, one per
/// chunk, without touching the chunks (1.2 KB for the 157 chunks of a 10,000-id window). A chunk of
/// 64 ids answers "may hold" for about 3% of the ids it does not hold, and never "does not hold"
/// for one it does. Immutable: a window whose chunks change gets a new one.
/// </summary>
internal sealed class ChunkFilters
{
    private const int WordsPerChunk = 8;
    private readonly ulong[] _words; // word w of chunk c at w * _chunks + c
    private readonly int _chunks;

    private ChunkFilters(ulong[] words, int chunks)
    {
        _words = words;
        _chunks = chunks;
    }

    public static ChunkFilters None { get; } = new([], 0);

    /// <summary>Where an id's bits are (any id maps somewhere; a crafted one costs only false positives).</summary>
    public static Bits BitsOf(Guid id)
    {
        var halves = MemoryMarshal.Cast<Guid, ulong>(new ReadOnlySpan<Guid>(in id));
        var h = halves[0] ^ (halves[1] * 0x9E3779B97F4A7C15UL);
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 32;
        return new Bits((int)(h >> 61), (1UL << (int)(h & 63)) | (1UL << (int)((h >> 6) & 63)) | (1UL << (int)((h >> 12) & 63)));
    }

    /// <summary>False only if the chunk at <paramref name="chunk"/> surely does not hold the id of <paramref name="bits"/>.</summary>
    public bool MayHold(int chunk, Bits bits) => (_words[(bits.Word * _chunks) + chunk] & bits.Mask) == bits.Mask;

    /// <summary>The filters without the <paramref name="dropped"/> oldest chunks, plus one for <paramref name="sealedIds"/> if it has any.</summary>
    public ChunkFilters Rebuilt(int dropped, ReadOnlySpan<Guid> sealedIds)
    {
        var kept = _chunks - dropped;
        var chunks = kept + (sealedIds.IsEmpty ? 0 : 1);
        var words = new ulong[chunks * WordsPerChunk];
        for (var w = 0; w < WordsPerChunk; w++)
        {
            _words.AsSpan((w * _chunks) + dropped, kept).CopyTo(words.AsSpan(w * chunks));
        }

        foreach (var id in sealedIds)
        {
            var bits = BitsOf(id);
            words[(bits.Word * chunks) + chunks - 1] |= bits.Mask;
        }

        return new ChunkFilters(words, chunks);
    }

    internal readonly record struct Bits(int Word, ulong Mask);
}
