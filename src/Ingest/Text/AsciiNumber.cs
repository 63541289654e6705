using System.Runtime.CompilerServices;

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParseHexDigits(ReadOnlySpan<byte> s, out ulong value)
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
