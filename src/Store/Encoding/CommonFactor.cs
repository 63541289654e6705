using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Finds a factor every difference between the values of a stream shares, so the packed stream can store
/// differences divided by it. Text traces print microseconds, so their nanosecond timestamps, gaps and latencies are
/// multiples of 1000 (= 125 * 8) and would waste 10 bits each; page-aligned addresses share a power of two.
/// Only 2^k and 125 * 2^k are tried: a full GCD needs a hardware division per value, this needs a multiply.
/// </summary>
internal static class CommonFactor
{
    // Divisibility by multiplication (Granlund and Montgomery; Lemire et al., "Faster remainder by direct
    // computation", 2019): an unsigned n below 2^w is a multiple of an odd d exactly when n * inverse(d) mod 2^w is at
    // most (2^w - 1) / d.
    private const ulong Inverse125 = 0x1CAC_0831_26E9_78D5; // 125 * Inverse125 == 1 (mod 2^64)
    private const uint Inverse125Low = 0x26E9_78D5; // 125 * Inverse125Low == 1 (mod 2^32)

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

        long min = values[0], max = values[0];
        foreach (long v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return Find(values, min, (ulong)unchecked(max - min));
    }

    /// <summary>
    /// <see cref="Find(ReadOnlySpan{long})"/> for values whose minimum and range (below 2^62) the caller knows. The
    /// differences from the minimum share the same factors as those from the first value, and are never negative.
    /// Blocks spanning less than 2^32 (gaps, latencies, the deltas of timestamps) are tested four values at a time.
    /// </summary>
    public static long Find(ReadOnlySpan<long> values, long min, ulong range)
    {
        if (range == 0)
        {
            return 1;
        }

        ulong bits = 0;
        bool multipleOf125 = true;
        int i = 0;
        if (Avx2.IsSupported && range <= uint.MaxValue)
        {
            if (!FindNarrow(values, min, ref i, ref bits, ref multipleOf125))
            {
                return 1;
            }
        }

        for (; i < values.Length; i++)
        {
            ulong difference = (ulong)unchecked(values[i] - min);
            bits |= difference;
            multipleOf125 &= unchecked(difference * Inverse125) <= ulong.MaxValue / 125;

            // An odd difference and a non-multiple of 125 settle it: most columns stop within a few values.
            if (!multipleOf125 && (bits & 1) != 0)
            {
                return 1;
            }
        }

        // Every difference is a multiple of both 2^k and (maybe) 125, which are coprime, so of their product; that
        // product is at most the largest difference (< 2^62) and cannot overflow.
        int shift = BitOperations.TrailingZeroCount(bits);
        return (multipleOf125 ? 125L : 1L) << shift;
    }

    /// <summary>
    /// The vector part of <see cref="Find(ReadOnlySpan{long}, long, ulong)"/> for differences below 2^32: vpmuludq
    /// multiplies the low 32 bits of each lane, which is all a 32-bit divisibility test needs. Returns false when the
    /// answer is already 1; otherwise leaves <paramref name="index"/> at the first value it did not look at.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FindNarrow(ReadOnlySpan<long> values, long min, ref int index, ref ulong bits, ref bool multipleOf125)
    {
        ref long start = ref MemoryMarshal.GetReference(values);
        Vector256<long> bases = Vector256.Create(min);
        Vector256<uint> inverse = Vector256.Create((ulong)Inverse125Low).AsUInt32();
        Vector256<long> low32 = Vector256.Create((long)uint.MaxValue);
        Vector256<long> limit = Vector256.Create((long)(uint.MaxValue / 125));
        Vector256<long> one = Vector256<long>.One;
        Vector256<long> ored = Vector256<long>.Zero, not125 = Vector256<long>.Zero;
        int i = 0;
        for (; i + 4 <= values.Length; i += 4)
        {
            Vector256<long> difference = Vector256.LoadUnsafe(ref start, (nuint)i) - bases;
            ored |= difference;
            Vector256<long> product = Avx2.Multiply(difference.AsUInt32(), inverse).AsInt64() & low32;
            not125 |= Vector256.GreaterThan(product, limit);
            if (((ored & one) != Vector256<long>.Zero) && not125 != Vector256<long>.Zero)
            {
                return false;
            }
        }

        bits |= (ulong)(ored[0] | ored[1] | ored[2] | ored[3]);
        multipleOf125 = not125 == Vector256<long>.Zero;
        index = i;
        return true;
    }
}
