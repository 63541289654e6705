using System.Numerics;

namespace TraceLab.Store.Encoding;

/// <summary>
/// The writer's half of patched frame of reference (<see cref="PackedBlocks"/>): picks the width that makes one block
/// smallest when the values that do not fit are stored as exceptions, and writes such a block. KVM event fields mix
/// magnitudes (a0 is a small enum for most kinds but a 48-bit GPA for kvm_page_fault), and the width that fits every
/// value of a block would be set by its widest one.
/// </summary>
internal static class PatchedBlock
{
    /// <summary>
    /// Returns the header code (the width, or <see cref="PackedBlocks.PatchedCode"/> + width for a patched block) and
    /// the body's size in bytes (packed bits plus exceptions) of the smallest layout for one block whose values, as
    /// packed (<c>(value - base) / divisor</c>), are at most <paramref name="range"/>.
    /// </summary>
    public static (int Code, int Bytes) Choose<TDivisor>(ReadOnlySpan<long> block, long blockBase, TDivisor divisor, ulong range)
        where TDivisor : struct, IDivisor
    {
        int full = Width(range);
        int plain = BitPacker.PackedLength(block.Length, full);
        if (full == 0)
        {
            return (0, 0);
        }

        // The cost of every width follows from how many values need each number of bits: a value of k bits is an
        // exception below width k, and its high part then takes ceil((k - w) / 7) varint bytes. Four histograms
        // interleaved, so runs of equal widths do not serialise on one counter.
        Span<int> counts = stackalloc int[4 * 65];
        counts.Clear();
        int j = 0;
        for (; j + 4 <= block.Length; j += 4)
        {
            counts[Width(divisor.Divide((ulong)unchecked(block[j] - blockBase)))]++;
            counts[65 + Width(divisor.Divide((ulong)unchecked(block[j + 1] - blockBase)))]++;
            counts[130 + Width(divisor.Divide((ulong)unchecked(block[j + 2] - blockBase)))]++;
            counts[195 + Width(divisor.Divide((ulong)unchecked(block[j + 3] - blockBase)))]++;
        }

        for (; j < block.Length; j++)
        {
            counts[Width(divisor.Divide((ulong)unchecked(block[j] - blockBase)))]++;
        }

        Span<int> histogram = counts[..65];
        ulong present = 0; // bit k - 1 set when some value needs exactly k bits (k ≥ 1)
        for (int k = 1; k <= full; k++)
        {
            histogram[k] += counts[65 + k] + counts[130 + k] + counts[195 + k];
            if (histogram[k] != 0)
            {
                present |= 1UL << (k - 1);
            }
        }

        int bestCode = full, bestBytes = plain;
        for (int w = Math.Min(full - 1, PackedBlocks.MaxPatchedWidth); w >= 0; w--)
        {
            int bytes = BitPacker.PackedLength(block.Length, w) + 1;
            int count = 0;
            for (ulong bits = present >> w; bits != 0; bits &= bits - 1)
            {
                int k = BitOperations.TrailingZeroCount(bits) + w + 1;
                count += histogram[k];
                bytes += histogram[k] * (1 + ((k - w + 6) / 7));
            }

            // Exceptions only grow as the width shrinks, and each costs at least two bytes: once that alone is no
            // smaller than the best, no narrower width can win.
            if (1 + (2 * count) >= bestBytes)
            {
                break;
            }

            if (bytes < bestBytes)
            {
                (bestCode, bestBytes) = (PackedBlocks.PatchedCode + w, bytes);
            }
        }

        return (bestCode, bestBytes);
    }

    /// <summary>
    /// Writes a patched block of <paramref name="width"/> as <see cref="Choose"/> measured it: the low bits of every
    /// value, bit-packed, then <c>u8 count - 1</c>, the exceptions' positions and their high parts as varints.
    /// Returns the bytes written; <paramref name="destination"/> needs 8 bytes of slack past them.
    /// </summary>
    public static int Write<TDivisor>(ReadOnlySpan<long> block, long blockBase, TDivisor divisor, int width, Span<byte> destination)
        where TDivisor : struct, IDivisor
    {
        Span<long> low = stackalloc long[PackedBlocks.BlockSize];
        Span<byte> positions = stackalloc byte[PackedBlocks.BlockSize];
        Span<ulong> highs = stackalloc ulong[PackedBlocks.BlockSize];
        ulong mask = (1UL << width) - 1;
        int exceptions = 0;
        for (int j = 0; j < block.Length; j++)
        {
            ulong packed = divisor.Divide((ulong)unchecked(block[j] - blockBase));
            low[j] = (long)(packed & mask);
            if (packed > mask)
            {
                positions[exceptions] = (byte)j;
                highs[exceptions++] = packed >> width;
            }
        }

        int position = BitPacker.Pack(low[..block.Length], 0, default(UnitDivisor), width, destination);
        destination[position++] = (byte)(exceptions - 1);
        positions[..exceptions].CopyTo(destination[position..]);
        position += exceptions;
        foreach (ulong high in highs[..exceptions])
        {
            VarInt.Write(destination, ref position, high);
        }

        return position;
    }

    private static int Width(ulong value) => 64 - BitOperations.LeadingZeroCount(value);
}
