using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TraceLab.Store.Encoding;

/// <summary>
/// The writer's half of patched frame of reference (<see cref="PackedBlocks"/>): picks the width that makes one block
/// smallest when the values that do not fit are stored as exceptions, and writes such a block. KVM event fields mix
/// magnitudes (a0 is a small enum for most kinds but a 48-bit GPA for kvm_page_fault), and the width that fits every
/// value of a block would be set by its widest one.
/// </summary>
[SkipLocalsInit]
internal static class PatchedBlock
{
    /// <summary>Bytes per width histogram: widths 0..64, rounded up to whole 32-byte vectors.</summary>
    private const int Stride = 96;

    /// <summary>
    /// A patched block must save at least this fraction of the plain block's bytes. Patched blocks decode in two
    /// passes instead of one, so a saving of a byte or two is not worth it.
    /// </summary>
    private const int MinSavingShift = 4;

    /// <summary>Widths tried by counting passes before a histogram of all widths is cheaper.</summary>
    private const int CountingSteps = 4;

    /// <summary>Widest block counted with signed vector compares (factor × 2^(w-1) must not overflow).</summary>
    private const int MaxCountedWidth = 62;

    private static readonly uint[] s_lanePositions = BuildLanePositions();

    /// <summary>
    /// Returns the header code (the width, or <see cref="PackedBlocks.PatchedCode"/> + width for a patched block) and
    /// the body's size in bytes (packed bits plus exceptions) of the smallest layout for one block whose values, as
    /// packed (<c>(value - base) / divisor</c>), are at most <paramref name="range"/>.
    /// </summary>
    public static (int Code, int Bytes) Choose<TDivisor>(ReadOnlySpan<long> block, long blockBase, TDivisor divisor, ulong range)
        where TDivisor : struct, IDivisor
    {
        int full = Width(range);
        if (full == 0)
        {
            return (0, 0);
        }

        // At width w the exceptions are the values of more than w bits; each costs a position byte and full - w
        // bits of high part (the widest value has full bits, and is always an exception). The widths are tried from
        // the top, and the search stops once the exceptions alone cost too much: for most blocks (values spread over
        // their range) that is after one to three steps.
        int plain = BitPacker.PackedLength(block.Length, full);
        int limit = plain - Math.Max(1, plain >> MinSavingShift);
        int bestCode = full, bestBytes = plain;
        Span<byte> histogram = stackalloc byte[4 * Stride];
        bool counted = false;
        int exceptions = 0;
        for (int w = full; w > 0; w--)
        {
            // The number of values of exactly w bits: by one vector pass per width while the search is likely to
            // stop soon, else from a histogram of all widths (a few wide values among narrow ones: the search will
            // go on, and a patched block probably wins).
            if (counted)
            {
                exceptions += histogram[w];
            }
            else if (full - w < CountingSteps && (w == full || exceptions >= block.Length >> 4) &&
                full <= MaxCountedWidth && Vector256.IsHardwareAccelerated)
            {
                exceptions = CountAtLeast(block, blockBase, divisor.Factor << (w - 1));
            }
            else
            {
                Histogram(block, blockBase, divisor, histogram);
                counted = true;
                exceptions += histogram[w];
            }

            // Exceptions only grow as the width shrinks, and each costs a position byte plus all of its bits (the
            // low ones packed with the rest, the high ones after): 8 + full bits. Once that alone reaches the best
            // size so far or passes the limit, no narrower width can win. (Counting only the position byte and one
            // high bit, uniform blocks searched three widths deep before giving up.)
            int narrower = w - 1;
            long floor = 2 + (((long)exceptions * (8 + full)) >> 3);
            if (floor > limit || floor >= bestBytes)
            {
                break;
            }

            int bytes = BitPacker.PackedLength(block.Length, narrower) + ExceptionBytes(exceptions, full - narrower);
            if (narrower <= PackedBlocks.MaxPatchedWidth && bytes <= limit && bytes < bestBytes)
            {
                (bestCode, bestBytes) = (PackedBlocks.PatchedCode + narrower, bytes);
            }
        }

        return (bestCode, bestBytes);
    }

    /// <summary>
    /// Fills <paramref name="costs"/>[w] (w = 0..64, <see cref="PatchWidths.TableWidth"/> entries) with the body bytes
    /// of the block at width w: patched at w where <see cref="Choose"/> would allow it (it saves at least the required
    /// share), plain otherwise. One histogram of every value's width; for the sampled blocks of an estimate.
    /// </summary>
    public static void Costs<TDivisor>(ReadOnlySpan<long> block, long blockBase, TDivisor divisor, ulong range, Span<int> costs)
        where TDivisor : struct, IDivisor
    {
        int full = Width(range);
        int plain = BitPacker.PackedLength(block.Length, full);
        costs[..PatchWidths.TableWidth].Fill(plain);
        if (full == 0)
        {
            return;
        }

        // Values spread over their range (most blocks) have so many of full width that no patching pays: one
        // counting pass tells, and spares the histogram.
        int limit = plain - Math.Max(1, plain >> MinSavingShift);
        if (full <= MaxCountedWidth && Vector256.IsHardwareAccelerated &&
            2 + (((long)CountAtLeast(block, blockBase, divisor.Factor << (full - 1)) * (8 + full)) >> 3) > limit)
        {
            return;
        }

        Span<byte> histogram = stackalloc byte[4 * Stride];
        Histogram(block, blockBase, divisor, histogram);
        int exceptions = 0;
        for (int w = full - 1; w >= 0; w--)
        {
            // At width w the exceptions are the values of more than w bits; see Choose for the floor.
            exceptions += histogram[w + 1];
            if (2 + (((long)exceptions * (8 + full)) >> 3) > limit)
            {
                break;
            }

            int bytes = BitPacker.PackedLength(block.Length, w) + ExceptionBytes(exceptions, full - w);
            if (w <= PackedBlocks.MaxPatchedWidth && bytes <= limit)
            {
                costs[w] = bytes;
            }
        }
    }

    /// <summary>
    /// <see cref="Choose"/> restricted to the stream's two <paramref name="widths"/>: plain, or patched at either,
    /// whichever is smallest. One vector pass counts the exceptions at both.
    /// </summary>
    public static (int Code, int Bytes) ChooseAt<TDivisor>(ReadOnlySpan<long> block, long blockBase, TDivisor divisor, ulong range, PatchWidths widths)
        where TDivisor : struct, IDivisor
    {
        int full = Width(range);
        if (full == 0)
        {
            return (0, 0);
        }

        int plain = BitPacker.PackedLength(block.Length, full);
        int limit = plain - Math.Max(1, plain >> MinSavingShift);
        bool first = widths.First < full && widths.First <= PackedBlocks.MaxPatchedWidth;
        bool second = widths.Second != widths.First && widths.Second < full && widths.Second <= PackedBlocks.MaxPatchedWidth;
        if (!first && !second)
        {
            return (full, plain);
        }

        // Values are exact multiples of the factor, so "more than w bits once divided" is "at least factor * 2^w";
        // below the full width that product is at most the range and does not overflow.
        ulong factor = (ulong)divisor.Factor;
        ulong firstFits = first ? (factor << widths.First) - 1 : ulong.MaxValue;
        ulong secondFits = second ? (factor << widths.Second) - 1 : ulong.MaxValue;
        (int firstExceptions, int secondExceptions) = CountAbove(block, blockBase, firstFits, secondFits);
        (int Code, int Bytes) best = (full, plain);
        if (first)
        {
            int bytes = BitPacker.PackedLength(block.Length, widths.First) + ExceptionBytes(firstExceptions, full - widths.First);
            best = bytes <= limit ? (PackedBlocks.PatchedCode + widths.First, bytes) : best;
        }

        if (second)
        {
            int bytes = BitPacker.PackedLength(block.Length, widths.Second) + ExceptionBytes(secondExceptions, full - widths.Second);
            best = bytes <= limit && bytes < best.Bytes ? (PackedBlocks.PatchedCode + widths.Second, bytes) : best;
        }

        return best;
    }

    /// <summary>The numbers of values more than <paramref name="first"/> and more than <paramref name="second"/> above the base.</summary>
    private static (int First, int Second) CountAbove(ReadOnlySpan<long> block, long blockBase, ulong first, ulong second)
    {
        ref long v = ref MemoryMarshal.GetReference(block);
        int j = 0, firstCount = 0, secondCount = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<ulong> bases = Vector256.Create((ulong)blockBase);
            Vector256<ulong> firstLimit = Vector256.Create(first), secondLimit = Vector256.Create(second);
            Vector256<ulong> firstCounts = Vector256<ulong>.Zero, secondCounts = Vector256<ulong>.Zero;
            for (; j + 4 <= block.Length; j += 4)
            {
                // A true compare lane is all ones, -1: subtracting it counts.
                Vector256<ulong> u = Vector256.LoadUnsafe(ref v, (nuint)j).AsUInt64() - bases;
                firstCounts -= Vector256.GreaterThan(u, firstLimit);
                secondCounts -= Vector256.GreaterThan(u, secondLimit);
            }

            firstCount = (int)Vector256.Sum(firstCounts);
            secondCount = (int)Vector256.Sum(secondCounts);
        }

        for (; j < block.Length; j++)
        {
            ulong u = (ulong)unchecked(Unsafe.Add(ref v, j) - blockBase);
            firstCount += u > first ? 1 : 0;
            secondCount += u > second ? 1 : 0;
        }

        return (firstCount, secondCount);
    }

    /// <summary>
    /// The number of values at least <paramref name="threshold"/> above the base, four at a time. Values are packed
    /// divided by the factor and are exact multiples of it, so the caller passes the threshold multiplied by the
    /// factor instead of dividing every value. Signed compares are exact: differences stay below 2^62.
    /// </summary>
    private static int CountAtLeast(ReadOnlySpan<long> block, long blockBase, long threshold)
    {
        ref long v = ref MemoryMarshal.GetReference(block);
        Vector256<long> bases = Vector256.Create(blockBase);
        Vector256<long> below = Vector256.Create(threshold - 1);
        Vector256<long> count = Vector256<long>.Zero;
        int j = 0;
        for (; j + 4 <= block.Length; j += 4)
        {
            // A true compare lane is all ones, -1: subtracting it counts.
            count -= Vector256.GreaterThan(Vector256.LoadUnsafe(ref v, (nuint)j) - bases, below);
        }

        int total = (int)Vector256.Sum(count);
        for (; j < block.Length; j++)
        {
            total += Unsafe.Add(ref v, j) - blockBase >= threshold ? 1 : 0;
        }

        return total;
    }

    /// <summary>Fills <c>histogram[k]</c> (k ≤ 64) with the number of values of exactly k bits.</summary>
    private static void Histogram<TDivisor>(ReadOnlySpan<long> block, long blockBase, TDivisor divisor, Span<byte> histogram)
        where TDivisor : struct, IDivisor
    {
        // A block has at most 128 values, so byte counters suffice; four interleaved histograms keep runs of equal
        // widths from serialising on one counter, and a width is at most 64, so they are indexed without bounds checks.
        histogram.Clear();
        ref byte h = ref MemoryMarshal.GetReference(histogram);
        ref long v = ref MemoryMarshal.GetReference(block);
        int j = 0;
        for (; j + 4 <= block.Length; j += 4)
        {
            Unsafe.Add(ref h, Width(divisor.Divide((ulong)unchecked(Unsafe.Add(ref v, j) - blockBase))))++;
            Unsafe.Add(ref h, Stride + Width(divisor.Divide((ulong)unchecked(Unsafe.Add(ref v, j + 1) - blockBase))))++;
            Unsafe.Add(ref h, (2 * Stride) + Width(divisor.Divide((ulong)unchecked(Unsafe.Add(ref v, j + 2) - blockBase))))++;
            Unsafe.Add(ref h, (3 * Stride) + Width(divisor.Divide((ulong)unchecked(Unsafe.Add(ref v, j + 3) - blockBase))))++;
        }

        for (; j < block.Length; j++)
        {
            Unsafe.Add(ref h, Width(divisor.Divide((ulong)unchecked(Unsafe.Add(ref v, j) - blockBase))))++;
        }

        // Merge into the first; the sums are at most 128, so bytes still suffice.
        for (int i = 0; i < Stride; i += Vector256<byte>.Count)
        {
            (Vector256.LoadUnsafe(ref h, (nuint)i) + Vector256.LoadUnsafe(ref h, (nuint)(Stride + i)) +
             Vector256.LoadUnsafe(ref h, (nuint)((2 * Stride) + i)) + Vector256.LoadUnsafe(ref h, (nuint)((3 * Stride) + i)))
                .StoreUnsafe(ref h, (nuint)i);
        }
    }

    /// <summary>
    /// Writes a patched block of <paramref name="width"/> as <see cref="Choose"/> measured it: the low bits of every
    /// value, bit-packed; <c>u8 count - 1</c>; <c>u8 high width</c>; the exceptions' positions; their high parts,
    /// bit-packed at the high width. Returns the bytes written; <paramref name="destination"/> needs 8 bytes of slack
    /// past them.
    /// </summary>
    public static int Write<TDivisor>(ReadOnlySpan<long> block, long blockBase, TDivisor divisor, int width, Span<byte> destination)
        where TDivisor : struct, IDivisor
    {
        Span<long> highs = stackalloc long[PackedBlocks.BlockSize];
        Span<byte> positions = stackalloc byte[PackedBlocks.BlockSize + 4];
        int exceptions = FindExceptions(block, blockBase, divisor, width, positions, highs, out ulong widest);
        int highWidth = Width(widest);

        // The low bits go straight from the values to the packer, masked on the way.
        int position = BitPacker.Pack(block, blockBase, new LowBits<TDivisor>(divisor, width), width, destination);
        destination[position++] = (byte)(exceptions - 1);
        destination[position++] = (byte)highWidth;
        positions[..exceptions].CopyTo(destination[position..]);
        position += exceptions;
        position += BitPacker.Pack(highs[..exceptions], 0, default(UnitDivisor), highWidth, destination[position..]);
        return position;
    }

    /// <summary>
    /// Lists the values that do not fit <paramref name="width"/> bits once divided: their positions and high parts,
    /// and the OR of the high parts. Values are compared four at a time against the smallest exception
    /// (<c>2^width</c> times the factor, since values are exact multiples of it), and the positions of the lanes that
    /// hold one are appended without a branch: a table gives them packed into four bytes, and the count advances by
    /// the number of such lanes (a branch per lane or per vector would mispredict wherever exceptions are common).
    /// <paramref name="positions"/> needs 4 bytes of slack past the block's length.
    /// </summary>
    private static int FindExceptions<TDivisor>(ReadOnlySpan<long> block, long blockBase, TDivisor divisor, int width,
        Span<byte> positions, Span<long> highs, out ulong widest)
        where TDivisor : struct, IDivisor
    {
        ulong mask = (1UL << width) - 1;
        ulong factor = (ulong)divisor.Factor;

        // The largest value that is no exception; when (mask + 1) * factor overflows, every value fits.
        ulong fits = mask + 1 > ulong.MaxValue / factor ? ulong.MaxValue : ((mask + 1) * factor) - 1;
        ref long v = ref MemoryMarshal.GetReference(block);
        ref byte at = ref MemoryMarshal.GetReference(positions);
        int exceptions = 0;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<ulong> bases = Vector256.Create((ulong)blockBase);
            Vector256<ulong> limit = Vector256.Create(fits);
            ref uint lanes = ref MemoryMarshal.GetArrayDataReference(s_lanePositions);
            for (; j + 4 <= block.Length; j += 4)
            {
                Vector256<ulong> packed = Vector256.LoadUnsafe(ref v, (nuint)j).AsUInt64() - bases;
                uint wide = Vector256.GreaterThan(packed, limit).ExtractMostSignificantBits();
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, exceptions), Unsafe.Add(ref lanes, (int)wide) + ((uint)j * 0x0101_0101u));
                exceptions += BitOperations.PopCount(wide);
            }
        }

        for (; j < block.Length; j++)
        {
            Unsafe.Add(ref at, exceptions) = (byte)j;
            exceptions += (ulong)unchecked(Unsafe.Add(ref v, j) - blockBase) > fits ? 1 : 0;
        }

        widest = 0;
        for (int k = 0; k < exceptions; k++)
        {
            ulong high = divisor.Divide((ulong)unchecked(Unsafe.Add(ref v, positions[k]) - blockBase)) >> width;
            highs[k] = (long)high;
            widest |= high;
        }

        return exceptions;
    }

    /// <summary>For each 4-bit lane mask, the indices of its set lanes packed into bytes, lowest first.</summary>
    private static uint[] BuildLanePositions()
    {
        var table = new uint[16];
        for (int wide = 0; wide < 16; wide++)
        {
            int shift = 0;
            for (int lane = 0; lane < 4; lane++)
            {
                if ((wide & (1 << lane)) != 0)
                {
                    table[wide] |= (uint)lane << shift;
                    shift += 8;
                }
            }
        }

        return table;
    }

    /// <summary>Bytes of an exception list after the packed low bits: count, high width, positions, packed highs.</summary>
    private static int ExceptionBytes(int exceptions, int highWidth) => 2 + exceptions + BitPacker.PackedLength(exceptions, highWidth);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Width(ulong value) => 64 - BitOperations.LeadingZeroCount(value);
}
