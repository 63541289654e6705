using System.Numerics;
using System.Runtime.CompilerServices;

namespace TraceLab.Analysis.Histograms;

/// <summary>
/// A log-linear (HdrHistogram-style) histogram of non-negative 64-bit integers, built for a few-ns <see cref="Add"/>.
/// </summary>
/// <remarks>
/// <para>
/// Layout: values below <see cref="LinearLimit"/> (512) get one bucket each, so they are counted exactly. Above that,
/// each power of two [2^k, 2^(k+1)) with k ≥ 9 is cut into <see cref="SubBucketCount"/> (256) equal buckets of width
/// w = 2^(k-8). A value v in such an octave satisfies v ≥ 2^k = 256·w, so every bucket is at most 1/256 ≈ 0.39 % of
/// any value it holds.
/// </para>
/// <para>
/// Error bound: <see cref="ValueAtRank"/> finds the bucket that holds the rank-th smallest value exactly (counts are
/// exact) and returns that bucket's midpoint lo + w/2. The true value v lies in [lo, lo + w − 1] and v ≥ 256·w, so
/// |midpoint − v| ≤ w/2 ≤ v/512 (0.196 %). Clamping to the exact min/max (done by the caller) can only move the
/// answer closer to v, because v lies inside [min, max].
/// </para>
/// <para>
/// Memory: one 2 KiB chunk per octave actually used, allocated on first use (a latency histogram spanning
/// 500 ns .. 100 ms uses about 20 chunks), plus 4 KiB for the linear part.
/// </para>
/// </remarks>
public sealed class LogLinearHistogram
{
    /// <summary>Values below this are counted in unit-wide buckets (exactly).</summary>
    public const long LinearLimit = 512;

    /// <summary>Buckets per power of two above <see cref="LinearLimit"/>.</summary>
    public const int SubBucketCount = 256;

    private const int SubBucketBits = 8;

    // Chunk 0 is the linear part [0, 512); chunk s (1..54) holds the octave whose bucket width is 2^s, i.e. values
    // with their highest set bit at s + 8. long.MaxValue has its highest bit at 62, so s ≤ 54.
    internal const int ChunkCount = 55;

    private readonly long[]?[] _chunks = new long[ChunkCount][];

    /// <summary>Number of values added.</summary>
    public long TotalCount { get; private set; }

    /// <summary>Adds one value; negative values are a caller bug and throw.</summary>
    public void Add(long value)
    {
        if (value < 0)
        {
            ThrowNegative(value);
        }

        int chunk = ChunkOf(value, out int index);
        (_chunks[chunk] ??= new long[ChunkLength(chunk)])[index]++;
        TotalCount++;
    }

    /// <summary>
    /// The chunk and the index in it of a non-negative value's bucket. Chunk 0 (length 512) is indexed by the value;
    /// above, the chunk is the shift s that leaves the value's top 9 bits (256..511) and the index is top − 256.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ChunkOf(long value, out int index)
    {
        if (value < LinearLimit)
        {
            index = (int)value;
            return 0;
        }

        // highest set bit k ≥ 9; shift s = k - 8 leaves a top in [256, 512).
        int shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits;
        index = (int)(value >> shift) - SubBucketCount;
        return shift;
    }

    internal static int ChunkLength(int chunk) => chunk == 0 ? (int)LinearLimit : SubBucketCount;

    /// <summary>Adds a chunk of bucket counts kept elsewhere (the scanners' flat per-group storage).</summary>
    internal void AddChunk(int chunk, long[] counts)
    {
        long[] target = _chunks[chunk] ??= new long[ChunkLength(chunk)];
        long total = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            target[i] += counts[i];
            total += counts[i];
        }

        TotalCount += total;
    }

    /// <summary>Adds every count of <paramref name="other"/> to this histogram.</summary>
    public void Merge(LogLinearHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int c = 0; c < ChunkCount; c++)
        {
            if (other._chunks[c] is not { } source)
            {
                continue;
            }

            long[] target = _chunks[c] ??= new long[source.Length];
            for (int i = 0; i < source.Length; i++)
            {
                target[i] += source[i];
            }
        }

        TotalCount += other.TotalCount;
    }

    /// <summary>
    /// The representative value (bucket midpoint) of the bucket holding the <paramref name="rank"/>-th smallest value
    /// (1-based). Exact below <see cref="LinearLimit"/>, within 1/512 of the true value above it.
    /// </summary>
    public long ValueAtRank(long rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, TotalCount);
        long seen = 0;
        for (int c = 0; c < ChunkCount; c++)
        {
            if (_chunks[c] is not { } chunk)
            {
                continue;
            }

            for (int i = 0; i < chunk.Length; i++)
            {
                seen += chunk[i];
                if (seen >= rank)
                {
                    return Representative(c, i);
                }
            }
        }

        // Unreachable while TotalCount matches the buckets.
        throw new InvalidOperationException("Histogram counts are inconsistent.");
    }

    /// <summary>The lowest value that lands in the same bucket as <paramref name="value"/>.</summary>
    public static long BucketLowerBound(long value)
    {
        if (value < LinearLimit)
        {
            return value;
        }

        int shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits;
        return value >> shift << shift;
    }

    /// <summary>The width of the bucket that holds <paramref name="value"/> (1 below <see cref="LinearLimit"/>).</summary>
    public static long BucketWidth(long value) =>
        value < LinearLimit ? 1 : 1L << (63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits);

    private static long Representative(int chunk, int index)
    {
        if (chunk == 0)
        {
            return index;
        }

        long lower = (long)(SubBucketCount + index) << chunk;
        return lower + (1L << (chunk - 1));
    }

    private static void ThrowNegative(long value) =>
        throw new ArgumentOutOfRangeException(nameof(value), value, "Histogram values must be non-negative.");
}
