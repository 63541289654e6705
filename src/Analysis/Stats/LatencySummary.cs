namespace TraceLab.Analysis.Stats;

/// <summary>
/// Counts and latency statistics of one group. Times are in the store's time unit (ns, or ticks; see
/// <see cref="StatsReport.TimeUnit"/>). Latency fields are null when no exit of the group was paired.
/// </summary>
public sealed class LatencySummary
{
    /// <summary>Every event of the group, paired or not.</summary>
    public long Count { get; init; }

    /// <summary>Events with a latency (exits with a kvm_entry after them); only these feed the time fields.</summary>
    public long Paired { get; init; }

    /// <summary>Sum of the paired latencies (exact).</summary>
    public long TotalNs { get; init; }

    public long? MinNs { get; init; }

    public long? P50Ns { get; init; }

    public long? P90Ns { get; init; }

    public long? P99Ns { get; init; }

    public long? P999Ns { get; init; }

    public long? MaxNs { get; init; }

    /// <summary>TotalNs / Paired, rounded to 3 decimals (1/1000 of the time unit).</summary>
    public decimal? MeanNs { get; init; }

    /// <summary>
    /// True when the percentiles were taken from the sorted values (Paired ≤ <see cref="StatsOptions.ExactPercentileLimit"/>);
    /// false when they come from the log-linear histogram (within 0.2 % of the exact value).
    /// </summary>
    public bool ExactPercentiles { get; init; }
}
