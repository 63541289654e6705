namespace TraceLab.Analysis.Stats;

/// <summary>
/// Nearest-rank percentiles: pP of N values is the ⌈P·N/100⌉-th smallest. P is given in units of 1/1000 % (per
/// 100,000) so p99.9 is the integer 99,900 and the rank is computed without floating-point error.
/// </summary>
public static class NearestRank
{
    public const int P50 = 50_000;
    public const int P90 = 90_000;
    public const int P99 = 99_000;
    public const int P999 = 99_900;

    /// <summary>The 1-based rank of percentile <paramref name="perHundredThousand"/> among <paramref name="count"/> values (0 when count is 0).</summary>
    public static long Rank(int perHundredThousand, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perHundredThousand);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perHundredThousand, 100_000);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        // Int128: P·N overflows long once N passes ~9.2e13.
        Int128 product = (Int128)perHundredThousand * count;
        return (long)((product + 99_999) / 100_000);
    }
}
