using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TraceLab.Store.Encoding;

/// <summary>
/// The validity bitmap of a <see cref="ColumnEncoding.NullMasked"/> chunk: bit i (least significant bit first, like
/// <see cref="BitPacker"/>) is 1 when row i holds a value and 0 when it holds <see cref="Null"/>, the schema's "none".
/// Row-number columns such as exits.companion_first are increasing except for -1s; without the -1s their deltas take
/// a few bits, with them every delta swings across the whole range.
/// </summary>
internal static class NullMask
{
    /// <summary>The value a clear bit stands for.</summary>
    public const long Null = -1;

    /// <summary>
    /// For each 4-bit group of the bitmap, the 32-bit lane indices that move the next values to the set rows' 64-bit
    /// lanes: row l takes value popcount(mask below l).
    /// </summary>
    private static readonly int[] s_permutations = BuildPermutations();

    public static int Length(int rows) => (rows + 7) >> 3;

    /// <summary>Number of rows holding <see cref="Null"/>.</summary>
    public static int CountNulls(ReadOnlySpan<long> values)
    {
        int count = 0, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref long start = ref MemoryMarshal.GetReference(values);
            var nulls = Vector256.Create(Null);
            for (; i + 4 <= values.Length; i += 4)
            {
                count += BitOperations.PopCount(Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), nulls).ExtractMostSignificantBits());
            }
        }

        for (; i < values.Length; i++)
        {
            count += values[i] == Null ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// Writes the bitmap of <paramref name="values"/> and copies the non-null values, in order, to the start of
    /// <paramref name="present"/>, which must be as long as <paramref name="values"/> (its tail is scratch).
    /// </summary>
    public static void Split(ReadOnlySpan<long> values, Span<byte> bitmap, Span<long> present)
    {
        if (present.Length < values.Length)
        {
            throw new ArgumentException("The destination must be as long as the values.", nameof(present));
        }

        int m = 0;
        for (int start = 0; start < values.Length; start += 8)
        {
            int end = Math.Min(start + 8, values.Length);
            int bits = 0;
            for (int i = start; i < end; i++)
            {
                long v = values[i];
                int valid = v != Null ? 1 : 0;
                bits |= valid << (i - start);

                // Branch-free compaction: always store, advance only past values (m ≤ i, so the store is in range).
                present[m] = v;
                m += valid;
            }

            bitmap[start >> 3] = (byte)bits;
        }
    }

    /// <summary>
    /// Counts the set bits of a bitmap for <paramref name="rows"/> rows; -1 when a bit past the last row is set
    /// (a valid bitmap pads with zeros).
    /// </summary>
    public static int CountPresent(ReadOnlySpan<byte> bitmap, int rows)
    {
        int tail = rows & 7;
        if (tail != 0 && (bitmap[^1] >> tail) != 0)
        {
            return -1;
        }

        int count = 0, i = 0;
        for (; i + 8 <= bitmap.Length; i += 8)
        {
            count += BitOperations.PopCount(BinaryPrimitives.ReadUInt64LittleEndian(bitmap[i..]));
        }

        for (; i < bitmap.Length; i++)
        {
            count += BitOperations.PopCount((uint)bitmap[i]);
        }

        return count;
    }

    /// <summary>
    /// Spreads the values stored in the last <paramref name="present"/> elements of <paramref name="rows"/> over the
    /// rows whose bit is set, and fills the others with <see cref="Null"/>, in place. Working forward is safe: before
    /// row i, the next value to move sits at i plus the number of nulls from i on, never behind i.
    /// </summary>
    public static void Expand(ReadOnlySpan<byte> bitmap, Span<long> rows, int present)
    {
        int n = rows.Length;
        int read = n - present;
        ref long target = ref MemoryMarshal.GetReference(rows);
        for (int start = 0; start < n; start += 64)
        {
            int count = Math.Min(64, n - start);
            ulong bits = Word(bitmap, start >> 3);
            ulong all = count == 64 ? ulong.MaxValue : (1UL << count) - 1;
            if (bits == all)
            {
                // Runs of values (and of nulls) are common; move them in bulk. Overlap is fine: CopyTo is a memmove.
                rows.Slice(read, count).CopyTo(rows.Slice(start, count));
                read += count;
                continue;
            }

            if (bits == 0)
            {
                rows.Slice(start, count).Fill(Null);
                continue;
            }

            int j = 0;
            if (Avx2.IsSupported)
            {
                // Four rows a step: load the next four values, move each to its row's lane (a table indexed by the
                // rows' four bits), put -1 in the null lanes. The load stays inside the span; the store cannot hit an
                // unread value, since the values not yet read start at row start + j + 4 or later.
                Vector256<long> nulls = Vector256.Create(Null);
                Vector256<long> laneBits = Vector256.Create(1L, 2, 4, 8);
                ref int permutations = ref MemoryMarshal.GetArrayDataReference(s_permutations);
                for (; j + 4 <= count && read + 4 <= n; j += 4)
                {
                    int mask = (int)(bits >> j) & 0xF;
                    Vector256<int> moved = Avx2.PermuteVar8x32(
                        Vector256.LoadUnsafe(ref target, (nuint)read).AsInt32(),
                        Vector256.LoadUnsafe(ref permutations, (nuint)(mask * 8)));
                    Vector256<long> valid = Vector256.Equals(Vector256.Create((long)mask) & laneBits, laneBits);
                    Vector256.ConditionalSelect(valid, moved.AsInt64(), nulls).StoreUnsafe(ref target, (nuint)(start + j));
                    read += BitOperations.PopCount((uint)mask);
                }
            }

            // Branch-free: load the next value (clamped, for nulls after the last value), keep it or the null.
            int last = n - 1;
            for (; j < count; j++)
            {
                int valid = (int)(bits >> j) & 1;
                long v = Unsafe.Add(ref target, Math.Min(read, last));
                Unsafe.Add(ref target, start + j) = valid != 0 ? v : Null;
                read += valid;
            }
        }
    }

    private static int[] BuildPermutations()
    {
        var table = new int[16 * 8];
        for (int mask = 0; mask < 16; mask++)
        {
            for (int lane = 0; lane < 4; lane++)
            {
                int source = BitOperations.PopCount((uint)(mask & ((1 << lane) - 1)));
                table[(mask * 8) + (2 * lane)] = 2 * source;
                table[(mask * 8) + (2 * lane) + 1] = (2 * source) + 1;
            }
        }

        return table;
    }

    /// <summary>Bitmap bytes from <paramref name="index"/> as a little-endian word, zero past the end.</summary>
    private static ulong Word(ReadOnlySpan<byte> bitmap, int index)
    {
        if (bitmap.Length - index >= 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(bitmap[index..]);
        }

        ulong word = 0;
        for (int k = index; k < bitmap.Length; k++)
        {
            word |= (ulong)bitmap[k] << (8 * (k - index));
        }

        return word;
    }
}
