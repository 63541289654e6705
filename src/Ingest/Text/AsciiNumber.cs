using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TraceLab.Ingest.Text;

/// <summary>
/// Integer parsing for trace payloads. Hand-written rather than Utf8Parser because payload numbers come in three
/// spellings that Utf8Parser does not cover in one call: <c>0x</c>-prefixed hex (<c>rip 0xfd0bd</c>), bare hex
/// (<c>info 100000014 fd000</c>, <c>msr_write c0000102</c>) and decimal (<c>vcpu 3</c>). Values are 64-bit and
/// overflow wraps rather than throws: a corrupt line must never stop an ingest.
/// </summary>
internal static class AsciiNumber
{
    /// <summary>Parses decimal digits at the start of <paramref name="s"/>. Returns the digits consumed (0 = none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseDecimal(ReadOnlySpan<byte> s, out ulong value)
    {
        ulong v = 0;
        int i = 0;
        while ((uint)i < (uint)s.Length)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9)
            {
                break;
            }

            v = unchecked((v * 10) + d);
            i++;
        }

        value = v;
        return i;
    }

    /// <summary>Parses a decimal number with an optional leading '-'. Returns the bytes consumed (0 = none).</summary>
    public static int ParseSignedDecimal(ReadOnlySpan<byte> s, out long value)
    {
        bool negative = s.Length > 0 && s[0] == '-';
        int n = ParseDecimal(negative ? s[1..] : s, out ulong v);
        if (n == 0)
        {
            value = 0;
            return 0;
        }

        value = negative ? -(long)v : (long)v;
        return negative ? n + 1 : n;
    }

    /// <summary>Parses hex digits (no prefix) at the start of <paramref name="s"/>. Returns the digits consumed.</summary>
    public static int ParseHexDigits(ReadOnlySpan<byte> s, out ulong value)
    {
        // kvm_exit prints info1/info2/requests as 16 digits and intr_info/error_code as 8: a third of all bytes in a
        // trace. Sixteen bytes are classified and converted at once; the scalar loop handles the short tail.
        if (s.Length >= 16 && Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            int n = ParseHex16(s, out value);
            if (n < 16 || s.Length == 16 || HexValue(s[16]) < 0)
            {
                return n;
            }
        }

        return ParseHexDigitsScalar(s, out value);
    }

    /// <summary>
    /// Classifies the first 16 bytes as hex digits or not, and packs the leading run of digits into a number.
    /// Returns the length of that run (0..16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ParseHex16(ReadOnlySpan<byte> s, out ulong value)
    {
        Vector128<byte> v = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(s));
        Vector128<byte> digit = v - Vector128.Create((byte)'0');
        Vector128<byte> isDigit = Vector128.LessThan(digit, Vector128.Create((byte)10));
        Vector128<byte> letter = (v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a');
        Vector128<byte> isLetter = Vector128.LessThan(letter, Vector128.Create((byte)6));
        uint valid = (isDigit | isLetter).ExtractMostSignificantBits();
        int n = BitOperations.TrailingZeroCount(~valid | 0x1_0000);
        if (n == 0)
        {
            value = 0;
            return 0;
        }

        // Bytes past the run hold garbage; masking them to four bits keeps them from spilling into the digits
        // while packing, and the final shift drops them.
        Vector128<ulong> nibbles = (Vector128.ConditionalSelect(isDigit, digit, letter + Vector128.Create((byte)10))
            & Vector128.Create((byte)0x0F)).AsUInt64();
        ulong packed = (PackNibbles(nibbles.GetElement(0)) << 32) | PackNibbles(nibbles.GetElement(1));
        value = n == 16 ? packed : packed >> (4 * (16 - n));
        return n;
    }

    /// <summary>Eight bytes holding one nibble each (first digit in the lowest byte) → a 32-bit number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PackNibbles(ulong bytes)
    {
        ulong y = BinaryPrimitives.ReverseEndianness(bytes);
        y = (y | (y >> 4)) & 0x00FF_00FF_00FF_00FF;
        y = (y | (y >> 8)) & 0x0000_FFFF_0000_FFFF;
        return (y | (y >> 16)) & 0xFFFF_FFFF;
    }

    private static int ParseHexDigitsScalar(ReadOnlySpan<byte> s, out ulong value)
    {
        ulong v = 0;
        int i = 0;
        while ((uint)i < (uint)s.Length)
        {
            int d = HexValue(s[i]);
            if (d < 0)
            {
                break;
            }

            v = unchecked((v << 4) | (uint)d);
            i++;
        }

        value = v;
        return i;
    }

    /// <summary>
    /// Parses hex with an optional <c>0x</c> prefix (the kernel prints both <c>0x%lx</c> and <c>%llx</c>).
    /// Returns the bytes consumed including the prefix (0 = no digits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseHex(ReadOnlySpan<byte> s, out ulong value)
    {
        if (s.Length > 2 && s[0] == '0' && (s[1] | 0x20) == 'x')
        {
            int n = ParseHexDigits(s[2..], out value);
            return n == 0 ? 0 : n + 2;
        }

        return ParseHexDigits(s, out value);
    }

    /// <summary>Parses <c>0x</c>-prefixed hex as hex and anything else as decimal (for <c>%d</c>/<c>0x%x</c> mixes).</summary>
    public static int ParseAuto(ReadOnlySpan<byte> s, out ulong value)
    {
        if (s.Length > 2 && s[0] == '0' && (s[1] | 0x20) == 'x')
        {
            return ParseHex(s, out value);
        }

        return ParseDecimal(s, out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HexValue(byte c) => HexTable[c];

    /// <summary>Digit value of every byte, -1 for non-hex: one load instead of two range checks per digit.</summary>
    private static ReadOnlySpan<sbyte> HexTable =>
    [
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    ];

    public static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    public static bool IsHexDigit(byte c) => HexValue(c) >= 0;
}
