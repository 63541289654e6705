namespace TraceLab.Analysis.Tests.Support;

/// <summary>The independent reference: sort the values and take element ⌈P·N/100⌉ − 1 (decimal arithmetic, not the engine's code).</summary>
internal static class Oracle
{
    public static long Percentile(long[] values, decimal percent) => Percentiles(values, percent)[0];

    /// <summary>Several percentiles from one sort.</summary>
    public static long[] Percentiles(long[] values, params decimal[] percents)
    {
        long[] sorted = (long[])values.Clone();
        Array.Sort(sorted);
        long[] result = new long[percents.Length];
        for (int i = 0; i < percents.Length; i++)
        {
            int rank = (int)Math.Ceiling(percents[i] * sorted.Length / 100m);
            result[i] = sorted[Math.Max(rank, 1) - 1];
        }

        return result;
    }
}
