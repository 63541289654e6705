using System.Globalization;

namespace TraceLab.Analysis.Stats.Writers;

/// <summary>
/// Invariant, integer-based formatting for the terminal table: ns → µs by integer division (no double rounding),
/// percentages rounded half-up in Int128.
/// </summary>
internal static class NumberFormat
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    /// <summary>A time as µs with 3 decimals when the unit is ns ("12.345"), or the raw integer for ticks.</summary>
    public static string Time(long? value, bool nanoseconds)
    {
        if (value is not { } v)
        {
            return "-";
        }

        if (!nanoseconds)
        {
            return v.ToString(s_invariant);
        }

        long whole = Math.DivRem(v, 1000, out long fraction);
        string sign = v < 0 ? "-" : "";
        return sign + Math.Abs(whole).ToString(s_invariant) + "." + Math.Abs(fraction).ToString("D3", s_invariant);
    }

    /// <summary>A mean (fractional ns or ticks) as µs with 3 decimals, or ticks with 3 decimals.</summary>
    public static string Mean(decimal? value, bool nanoseconds)
    {
        if (value is not { } v)
        {
            return "-";
        }

        decimal scaled = nanoseconds ? v / 1000m : v;
        return Math.Round(scaled, 3, MidpointRounding.AwayFromZero).ToString("0.000", s_invariant);
    }

    /// <summary><paramref name="part"/> / <paramref name="whole"/> as a percentage with 2 decimals ("66.58%").</summary>
    public static string Percent(long part, long whole)
    {
        if (whole <= 0)
        {
            return "-";
        }

        // Basis points, rounded half up: (part·20000 + whole) / (2·whole).
        Int128 basisPoints = ((Int128)part * 20_000 + whole) / ((Int128)whole * 2);
        long bp = (long)basisPoints;
        return (bp / 100).ToString(s_invariant) + "." + (bp % 100).ToString("D2", s_invariant) + "%";
    }

    public static string Integer(long value) => value.ToString(s_invariant);
}
