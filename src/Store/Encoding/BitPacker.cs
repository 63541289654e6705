using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Packs and unpacks unsigned values of a fixed bit width, least significant bit first: value j occupies bits
/// [j*w, (j+1)*w) of the little-endian bit stream, whose bit k is bit (k mod 8) of byte k/8. The packed size is
/// ceil(count*w/8) bytes; there is no padding.
/// </summary>
internal static class BitPacker
{
    /// <summary>Widest width one 64-bit load can serve: a load starting at any bit of a byte holds 57 bits.</summary>
    private const int NarrowMaxWidth = 56;

    public static int PackedLength(int count, int width) => (int)(((long)count * width + 7) >> 3);

    /// <summary>
    /// Packs <c>(values[j] - valueBase) / divisor</c> (exact, and fitting <paramref name="width"/> bits) into
    /// <paramref name="destination"/>; returns the number of bytes written, <see cref="PackedLength"/>. Bytes after
    /// those may be overwritten when the destination has room (the fast path stores whole words).
    /// </summary>
    public static int Pack<TDivisor>(ReadOnlySpan<long> values, long valueBase, TDivisor divisor, int width, Span<byte> destination)
        where TDivisor : struct, IDivisor
    {
        if (width == 0)
        {
            return 0;
        }

        int packed = PackedLength(values.Length, width);
        if (width <= NarrowMaxWidth && destination.Length >= packed + 8)
        {
            PackNarrow(values, valueBase, divisor, width, ref MemoryMarshal.GetReference(destination));
            return packed;
        }

        PackChecked(values, valueBase, divisor, width, destination);
        return packed;
    }

    /// <summary>
    /// Branch-free bit writer: fewer than 8 bits are pending before each step, so adding up to 56 bits never
    /// overflows the accumulator; every step stores the whole word and advances by the completed bytes. (A flush
    /// branch taken every few values would mispredict often at the widths timestamps need.) Narrow values are
    /// combined four or two to a step, which shortens the accumulator's dependency chain per value.
    /// </summary>
    private static void PackNarrow<TDivisor>(ReadOnlySpan<long> values, long valueBase, TDivisor divisor, int width, ref byte destination)
        where TDivisor : struct, IDivisor
    {
        var writer = new WordWriter();
        int j = 0;
        if (divisor.Vectorizes && Avx2.IsSupported && width <= NarrowMaxWidth / 4)
        {
            j = PackVectors(values, valueBase, divisor, width, ref destination, ref writer);
        }
        else if (width <= NarrowMaxWidth / 4)
        {
            for (; j + 4 <= values.Length; j += 4)
            {
                ulong combined = divisor.Divide((ulong)unchecked(values[j] - valueBase))
                    | (divisor.Divide((ulong)unchecked(values[j + 1] - valueBase)) << width)
                    | (divisor.Divide((ulong)unchecked(values[j + 2] - valueBase)) << (2 * width))
                    | (divisor.Divide((ulong)unchecked(values[j + 3] - valueBase)) << (3 * width));
                writer.Put(ref destination, combined, 4 * width);
            }
        }
        else if (width <= NarrowMaxWidth / 2)
        {
            for (; j + 2 <= values.Length; j += 2)
            {
                ulong combined = divisor.Divide((ulong)unchecked(values[j] - valueBase))
                    | (divisor.Divide((ulong)unchecked(values[j + 1] - valueBase)) << width);
                writer.Put(ref destination, combined, 2 * width);
            }
        }

        for (; j < values.Length; j++)
        {
            writer.Put(ref destination, divisor.Divide((ulong)unchecked(values[j] - valueBase)), width);
        }

        // The last partial byte went out with the last word store, whose higher bytes are zero.
    }

    /// <summary>
    /// The narrowest widths (up to 14 bits) four values at a time: one variable shift moves each lane to its place
    /// in the group (value k by k * width bits) and an OR of the lanes combines them, instead of three scalar shifts
    /// and ORs per four values. Up to 7 bits, two vectors make one step of eight values. Only the low 32 bits of the
    /// divided values are used (<see cref="IDivisor.Divide(Vector256{ulong})"/>). Returns the values packed.
    /// </summary>
    private static int PackVectors<TDivisor>(ReadOnlySpan<long> values, long valueBase, TDivisor divisor, int width, ref byte destination, ref WordWriter writer)
        where TDivisor : struct, IDivisor
    {
        // A local copy of the writer can live in registers; the caller's is in memory (its address is taken).
        WordWriter local = writer;
        ref long source = ref MemoryMarshal.GetReference(values);
        Vector256<ulong> bases = Vector256.Create((ulong)valueBase);
        Vector256<ulong> shifts = Vector256.Create(0, (ulong)width, 2UL * (ulong)width, 3UL * (ulong)width);
        int j = 0;
        if (width <= NarrowMaxWidth / 8)
        {
            Vector256<ulong> upperShifts = shifts + Vector256.Create(4UL * (ulong)width);
            for (; j + 8 <= values.Length; j += 8)
            {
                Vector256<ulong> lower = divisor.Divide(Vector256.LoadUnsafe(ref source, (nuint)j).AsUInt64() - bases);
                Vector256<ulong> upper = divisor.Divide(Vector256.LoadUnsafe(ref source, (nuint)(j + 4)).AsUInt64() - bases);
                local.Put(ref destination, OrLanes(Avx2.ShiftLeftLogicalVariable(lower, shifts) | Avx2.ShiftLeftLogicalVariable(upper, upperShifts)), 8 * width);
            }
        }

        for (; j + 4 <= values.Length; j += 4)
        {
            Vector256<ulong> group = divisor.Divide(Vector256.LoadUnsafe(ref source, (nuint)j).AsUInt64() - bases);
            local.Put(ref destination, OrLanes(Avx2.ShiftLeftLogicalVariable(group, shifts)), 4 * width);
        }

        writer = local;
        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong OrLanes(Vector256<ulong> lanes)
    {
        Vector128<ulong> half = lanes.GetLower() | lanes.GetUpper();
        return half.GetElement(0) | half.GetElement(1);
    }

    /// <summary>Accumulator packer with bounds-checked stores: wide values and exactly sized destinations.</summary>
    private static void PackChecked<TDivisor>(ReadOnlySpan<long> values, long valueBase, TDivisor divisor, int width, Span<byte> destination)
        where TDivisor : struct, IDivisor
    {
        ulong accumulator = 0;
        int filled = 0;
        int position = 0;
        foreach (long v in values)
        {
            ulong u = divisor.Divide((ulong)unchecked(v - valueBase));
            accumulator |= u << filled;
            filled += width;
            if (filled >= 64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(position, 8), accumulator);
                position += 8;
                filled -= 64;

                // The high bits of u that did not fit. C# masks shift counts to 6 bits, so filled == 0 needs its own case.
                accumulator = filled == 0 ? 0 : u >> (width - filled);
            }
        }

        while (filled > 0)
        {
            destination[position++] = (byte)accumulator;
            accumulator >>= 8;
            filled -= 8;
        }
    }

    /// <summary>
    /// Unpacks <c>destination.Length</c> values of <paramref name="width"/> bits from the start of
    /// <paramref name="source"/> and stores <c>sink.Next(valueBase + scale.Apply(value))</c>. <paramref name="source"/>
    /// may extend past the packed bytes (the rest of the chunk): the fast paths use those bytes as slack for whole-word
    /// loads. The caller has checked that the packed bytes themselves are present.
    /// </summary>
    public static void Unpack<TSink, TScale>(ReadOnlySpan<byte> source, int width, long valueBase, TScale scale, Span<long> destination, ref TSink sink)
        where TSink : struct, IValueSink
        where TScale : struct, IScale
    {
        int packed = PackedLength(destination.Length, width);
        if (width == 0)
        {
            Repeat(valueBase, destination, ref sink);
        }
        else if (width <= NarrowMaxWidth && source.Length >= packed + 7)
        {
            // The last value's 8-byte load starts at most at byte packed-1, so 7 bytes of slack keep every load inside.
            UnpackNarrow(ref MemoryMarshal.GetReference(source), width, valueBase, scale, destination, ref sink);
        }
        else if (source.Length >= packed + 8)
        {
            UnpackWide(ref MemoryMarshal.GetReference(source), width, valueBase, scale, destination, ref sink);
        }
        else
        {
            UnpackChecked(source, width, valueBase, scale, destination, ref sink);
        }
    }

    // Each loop below works on a local copy of the sink and stores it back at the end: a local whose address is never
    // taken can live in a register, so a delta column's running sum costs one add per value, not a load and a store.
    private static void Repeat<TSink>(long value, Span<long> destination, ref TSink sink)
        where TSink : struct, IValueSink
    {
        TSink local = sink;
        for (int j = 0; j < destination.Length; j++)
        {
            destination[j] = local.Next(value);
        }

        sink = local;
    }

    private static void UnpackChecked<TSink, TScale>(ReadOnlySpan<byte> source, int width, long valueBase, TScale scale, Span<long> destination, ref TSink sink)
        where TSink : struct, IValueSink
        where TScale : struct, IScale
    {
        TSink local = sink;
        for (int j = 0; j < destination.Length; j++)
        {
            destination[j] = local.Next(unchecked(valueBase + (long)scale.Apply(ReadBits(source, j * width, width))));
        }

        sink = local;
    }

    private static void UnpackNarrow<TSink, TScale>(ref byte source, int width, long valueBase, TScale scale, Span<long> destination, ref TSink sink)
        where TSink : struct, IValueSink
        where TScale : struct, IScale
    {
        TSink local = sink;
        ulong mask = (1UL << width) - 1;
        ref long target = ref MemoryMarshal.GetReference(destination);
        int count = destination.Length;
        int bit = 0;
        int j = 0;

        // Unrolled by four: the loads are independent, so the CPU overlaps them; only the sink (a running sum for
        // delta columns) is a dependency chain, one add long.
        for (; j + 4 <= count; j += 4)
        {
            ulong v0 = (Load(ref source, bit) >> (bit & 7)) & mask;
            int bit1 = bit + width;
            ulong v1 = (Load(ref source, bit1) >> (bit1 & 7)) & mask;
            int bit2 = bit1 + width;
            ulong v2 = (Load(ref source, bit2) >> (bit2 & 7)) & mask;
            int bit3 = bit2 + width;
            ulong v3 = (Load(ref source, bit3) >> (bit3 & 7)) & mask;
            bit = bit3 + width;
            Unsafe.Add(ref target, j) = local.Next(unchecked(valueBase + (long)scale.Apply(v0)));
            Unsafe.Add(ref target, j + 1) = local.Next(unchecked(valueBase + (long)scale.Apply(v1)));
            Unsafe.Add(ref target, j + 2) = local.Next(unchecked(valueBase + (long)scale.Apply(v2)));
            Unsafe.Add(ref target, j + 3) = local.Next(unchecked(valueBase + (long)scale.Apply(v3)));
        }

        for (; j < count; j++)
        {
            ulong v = (Load(ref source, bit) >> (bit & 7)) & mask;
            Unsafe.Add(ref target, j) = local.Next(unchecked(valueBase + (long)scale.Apply(v)));
            bit += width;
        }

        sink = local;
    }

    /// <summary>Widths 57..64: a value may straddle nine bytes, so the ninth byte supplies the top bits.</summary>
    private static void UnpackWide<TSink, TScale>(ref byte source, int width, long valueBase, TScale scale, Span<long> destination, ref TSink sink)
        where TSink : struct, IValueSink
        where TScale : struct, IScale
    {
        TSink local = sink;
        ulong mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        ref long target = ref MemoryMarshal.GetReference(destination);
        int bit = 0;
        for (int j = 0; j < destination.Length; j++)
        {
            int shift = bit & 7;
            ulong low = Load(ref source, bit) >> shift;
            ulong high = (ulong)Unsafe.Add(ref source, (bit >> 3) + 8) << (64 - shift);
            ulong v = (shift == 0 ? low : low | high) & mask;
            Unsafe.Add(ref target, j) = local.Next(unchecked(valueBase + (long)scale.Apply(v)));
            bit += width;
        }

        sink = local;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load(ref byte source, int bit)
    {
        ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, bit >> 3));
        return BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
    }

    /// <summary>Bounds-checked read of <paramref name="width"/> (1..64) bits at <paramref name="bit"/>, for the end of a chunk.</summary>
    private static ulong ReadBits(ReadOnlySpan<byte> source, int bit, int width)
    {
        int index = bit >> 3;
        int got = 8 - (bit & 7);
        ulong result = (ulong)(source[index++] >> (bit & 7));
        while (got < width)
        {
            result |= (ulong)source[index++] << got;
            got += 8;
        }

        return width == 64 ? result : result & ((1UL << width) - 1);
    }
}
