using System.Numerics;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Finds a factor every difference between the values of a stream shares, so the packed stream can store
/// differences divided by it. Text traces print microseconds, so their nanosecond timestamps, gaps and latencies are
/// multiples of 1000 (= 125 * 8) and would waste 10 bits each; page-aligned addresses share a power of two.
/// Only 2^k and 125 * 2^k are tried: a full GCD needs a hardware division per value, this needs a multiply.
/// </summary>
internal static class CommonFactor
{
    /// <summary>
    /// The largest 2^k or 125 * 2^k dividing <c>values[i] - values[0]</c> for every i; 1 when there is none.
    /// The caller guarantees the values span less than 2^62, so the differences are exact.
    /// </summary>
    public static long Find(ReadOnlySpan<long> values)
    {
        if (values.Length < 2)
        {
            return 1;
        }

        long reference = values[0];
        long bits = 0;
        bool multipleOf125 = true;
        for (int i = 1; i < values.Length; i++)
        {
            long difference = values[i] - reference;
            bits |= difference;
            multipleOf125 &= IsMultipleOf125(difference);

            // An odd difference and a non-multiple of 125 settle it: most columns stop within a few values.
            if (!multipleOf125 && (bits & 1) != 0)
            {
                return 1;
            }
        }

        if (bits == 0)
        {
            return 1;
        }

        // Every difference is a multiple of both 2^k and (maybe) 125, which are coprime, so of their product; that
        // product is at most the largest difference (< 2^62) and cannot overflow.
        int shift = BitOperations.TrailingZeroCount(bits);
        return (multipleOf125 ? 125L : 1L) << shift;
    }

    /// <summary>
    /// Divisibility by multiplication (Granlund and Montgomery; Lemire et al., "Faster remainder by direct
    /// computation", 2019): an unsigned n is a multiple of an odd d exactly when n * inverse(d) mod 2^64 is at most
    /// (2^64 - 1) / d. The bias, itself a multiple of 125 just below 2^63, makes every |difference| &lt; 2^62 positive.
    /// </summary>
    private static bool IsMultipleOf125(long difference)
    {
        const ulong Bias = 125UL << 56;
        const ulong Inverse = 0x1CAC_0831_26E9_78D5; // 125 * Inverse == 1 (mod 2^64)
        const ulong Limit = ulong.MaxValue / 125;
        return unchecked(((ulong)difference + Bias) * Inverse) <= Limit;
    }
}
