using System.Globalization;

namespace TraceLab.Cli.Output;

/// <summary>Human-readable sizes, rates and counts, invariant culture.</summary>
internal static class Units
{
    public static string Bytes(double bytes) => bytes switch
    {
        >= 1e9 => (bytes / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " GB",
        >= 1e6 => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1e3 => (bytes / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " kB",
        _ => bytes.ToString("0", CultureInfo.InvariantCulture) + " B",
    };

    public static string Count(double n) => n switch
    {
        >= 1e9 => (n / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " G",
        >= 1e6 => (n / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M",
        >= 1e3 => (n / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " k",
        _ => n.ToString("0", CultureInfo.InvariantCulture),
    };

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(t.TotalSeconds < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + " s";

    public static string Integer(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
