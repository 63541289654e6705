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

            // Exceptions only grow as the width shrinks, and cost at least a byte and an eighth each: once that
            // alone passes the limit, no narrower width can win.
            int narrower = w - 1;
            int overhead = ExceptionBytes(exceptions, 1);
            if (overhead > limit)
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
        Span<long> low = stackalloc long[PackedBlocks.BlockSize];
        Span<long> highs = stackalloc long[PackedBlocks.BlockSize];
        Span<byte> positions = stackalloc byte[PackedBlocks.BlockSize];
        ulong mask = (1UL << width) - 1;
        ulong widest = 0;
        int exceptions = 0;
        for (int j = 0; j < block.Length; j++)
        {
            ulong packed = divisor.Divide((ulong)unchecked(block[j] - blockBase));
            low[j] = (long)(packed & mask);
            if (packed > mask)
            {
                positions[exceptions] = (byte)j;
                highs[exceptions++] = (long)(packed >> width);
                widest |= packed >> width;
            }
        }

        int highWidth = Width(widest);
        int position = BitPacker.Pack(low[..block.Length], 0, default(UnitDivisor), width, destination);
        destination[position++] = (byte)(exceptions - 1);
        destination[position++] = (byte)highWidth;
        positions[..exceptions].CopyTo(destination[position..]);
        position += exceptions;
        position += BitPacker.Pack(highs[..exceptions], 0, default(UnitDivisor), highWidth, destination[position..]);
        return position;
    }

    /// <summary>Bytes of an exception list after the packed low bits: count, high width, positions, packed highs.</summary>
    private static int ExceptionBytes(int exceptions, int highWidth) => 2 + exceptions + BitPacker.PackedLength(exceptions, highWidth);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Width(ulong value) => 64 - BitOperations.LeadingZeroCount(value);
}
