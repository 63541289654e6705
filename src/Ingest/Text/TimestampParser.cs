namespace TraceLab.Ingest.Text;

/// <summary>
/// Parses trace timestamps as integers. ftrace prints <c>sec.usec</c> (6 digits) for the default clocks, trace-cmd
/// and perf print 6 or 9 fraction digits, and counter clocks (x86-tsc, counter) print a bare integer. Never through
/// double: perfetto's <c>ts * 1e9</c> comes out 1 ns low for 1.8 % of sec.usec stamps (../shared/conventions.md §2).
/// </summary>
internal static class TimestampParser
{
    /// <summary>
    /// Parses <c>digits[.digits]</c> exactly filling <paramref name="token"/>. With a fraction the result is in
    /// nanoseconds (fraction digits beyond 9 are dropped); without one it is the raw integer and
    /// <paramref name="isCounter"/> is true.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> token, out long value, out bool isCounter)
    {
        value = 0;
        isCounter = false;
        int n = AsciiNumber.ParseDecimal(token, out ulong seconds);
        if (n == 0 || n > 19)
        {
            return false;
        }

        if (n == token.Length)
        {
            isCounter = true;
            value = (long)seconds;
            return seconds <= long.MaxValue;
        }

        if (token[n] != '.')
        {
            return false;
        }

        ReadOnlySpan<byte> fraction = token[(n + 1)..];
        int digits = AsciiNumber.ParseDecimal(fraction, out ulong frac);
        if (digits == 0 || digits != fraction.Length)
        {
            return false;
        }

        if (digits > 9)
        {
            // Keep the first nine digits only (sub-nanosecond digits carry no information here).
            AsciiNumber.ParseDecimal(fraction[..9], out frac);
            digits = 9;
        }

        if (seconds > 9_000_000_000)
        {
            return false;
        }

        // 10^(9 - digits) by multiplication: a static table costs a class-initialisation check per call in code
        // compiled without tiering, and this runs once per line.
        long scale = 1;
        for (int k = digits; k < 9; k++)
        {
            scale *= 10;
        }

        value = ((long)seconds * 1_000_000_000) + ((long)frac * scale);
        return true;
    }
}
