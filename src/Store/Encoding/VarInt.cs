namespace TraceLab.Store.Encoding;

/// <summary>
/// Unsigned LEB128 varints (7 bits per byte, high bit = more follows, at most 10 bytes) and zigzag mapping of signed
/// values, used for the small per-block headers of the packed encodings and for string-pool lengths.
/// </summary>
internal static class VarInt
{
    public const int MaxLength = 10;

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    public static int Length(ulong value)
    {
        // 1 byte per started group of 7 significant bits; 0 needs one byte.
        int bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(value | 1);
        return (bits + 6) / 7;
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="position"/> and advances it.</summary>
    public static void Write(Span<byte> destination, ref int position, ulong value)
    {
        while (value >= 0x80)
        {
            destination[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[position++] = (byte)value;
    }

    /// <summary>Reads a varint; false when the data ends first or the varint is longer than 10 bytes or overflows.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, ref int position, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if ((uint)position >= (uint)source.Length)
            {
                return false;
            }

            byte b = source[position++];
            if (shift == 63 && b > 1)
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
