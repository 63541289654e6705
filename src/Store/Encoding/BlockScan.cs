using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TraceLab.Store.Encoding;

/// <summary>
/// The one pass over a chunk that every encoding decision starts from: each 128-value block's minimum and maximum
/// (the frame-of-reference bases and ranges) and the same for the differences between neighbours (the delta
/// stream), which are not stored (<see cref="DeltaBlocks"/> computes them again where needed). Doing both in one
/// pass reads the values once instead of twice; four lanes at a time where the CPU has 256-bit vectors, with no
/// unpredictable branches.
/// </summary>
internal static class BlockScan
{
    /// <summary>
    /// Gives <paramref name="valuePlan"/> the block ranges of <paramref name="values"/> (at least one), and
    /// <paramref name="deltaPlan"/> those of <c>values[i + 1] - values[i]</c>.
    /// </summary>
    public static void Scan(ReadOnlySpan<long> values, PackedBlockPlan valuePlan, PackedBlockPlan deltaPlan)
    {
        int n = values.Length;
        valuePlan.StartRanges(n, out Span<long> valueMin, out Span<long> valueMax);
        deltaPlan.StartRanges(n - 1, out Span<long> deltaMin, out Span<long> deltaMax);
        ref long source = ref MemoryMarshal.GetReference(values);

        // Value block b and delta block b cover the same indices: delta i is values[i + 1] - values[i].
        for (int b = 0; b < valueMin.Length; b++)
        {
            int start = b * PackedBlocks.BlockSize;
            int end = Math.Min(start + PackedBlocks.BlockSize, n);
            long vLow = long.MaxValue, vHigh = long.MinValue, dLow = long.MaxValue, dHigh = long.MinValue;
            int i = start;
            if (Vector256.IsHardwareAccelerated && end - start >= 8)
            {
                Vector256<long> vMin = Vector256.Create(long.MaxValue), vMax = Vector256.Create(long.MinValue);
                Vector256<long> dMin = vMin, dMax = vMax;

                // The second load reads values[i + 4], so the last block stops one value early.
                for (; i + 4 <= end && i + 4 < n; i += 4)
                {
                    Vector256<long> v = Vector256.LoadUnsafe(ref source, (nuint)i);
                    Vector256<long> d = Vector256.LoadUnsafe(ref source, (nuint)(i + 1)) - v;
                    vMin = Vector256.Min(vMin, v);
                    vMax = Vector256.Max(vMax, v);
                    dMin = Vector256.Min(dMin, d);
                    dMax = Vector256.Max(dMax, d);
                }

                (vLow, vHigh) = (Lowest(vMin), Highest(vMax));
                (dLow, dHigh) = (Lowest(dMin), Highest(dMax));
            }

            for (; i < end; i++)
            {
                long v = Unsafe.Add(ref source, i);
                vLow = Math.Min(vLow, v);
                vHigh = Math.Max(vHigh, v);
                if (i + 1 < n)
                {
                    long d = unchecked(Unsafe.Add(ref source, i + 1) - v);
                    dLow = Math.Min(dLow, d);
                    dHigh = Math.Max(dHigh, d);
                }
            }

            valueMin[b] = vLow;
            valueMax[b] = vHigh;
            if (b < deltaMin.Length)
            {
                deltaMin[b] = dLow;
                deltaMax[b] = dHigh;
            }
        }

        valuePlan.FinishRanges();
        deltaPlan.FinishRanges();
    }

    /// <summary>Minimum and maximum of one block (at least one value).</summary>
    public static (long Min, long Max) MinMax(ReadOnlySpan<long> block)
    {
        long low = long.MaxValue, high = long.MinValue;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && block.Length >= 8)
        {
            ref long start = ref MemoryMarshal.GetReference(block);
            Vector256<long> min = Vector256.LoadUnsafe(ref start);
            Vector256<long> max = min;
            for (i = 4; i + 4 <= block.Length; i += 4)
            {
                Vector256<long> v = Vector256.LoadUnsafe(ref start, (nuint)i);
                min = Vector256.Min(min, v);
                max = Vector256.Max(max, v);
            }

            (low, high) = (Lowest(min), Highest(max));
        }

        for (; i < block.Length; i++)
        {
            low = Math.Min(low, block[i]);
            high = Math.Max(high, block[i]);
        }

        return (low, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Lowest(Vector256<long> v)
    {
        Vector128<long> half = Vector128.Min(v.GetLower(), v.GetUpper());
        return Math.Min(half.GetElement(0), half.GetElement(1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Highest(Vector256<long> v)
    {
        Vector128<long> half = Vector128.Max(v.GetLower(), v.GetUpper());
        return Math.Max(half.GetElement(0), half.GetElement(1));
    }
}
