using TraceLab.Analysis.Histograms;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// The paired latencies of one report group: exact count/total/min/max, a histogram of every value, and the values
/// themselves while there are at most <c>exactLimit</c> of them (then percentiles are exact; beyond, the histogram
/// answers and the values are dropped, so memory stays bounded). The outcome does not depend on how values were
/// split across workers: it is exact iff the merged count is ≤ the limit, and histogram counts are sums.
/// </summary>
internal sealed class LatencyAccumulator
{
    private readonly int _exactLimit;
    private long[]? _values = [];
    private LogLinearHistogram? _histogram;

    public LatencyAccumulator(int exactLimit) => _exactLimit = exactLimit;

    public long Paired { get; private set; }

    public long Total { get; private set; }

    public long Min { get; private set; } = long.MaxValue;

    public long Max { get; private set; } = long.MinValue;

    /// <summary>Every value added, as bucket counts.</summary>
    public LogLinearHistogram Histogram => _histogram ??= new LogLinearHistogram();

    /// <summary>Adds one value (the userspace stitcher's cross-row-group latencies).</summary>
    public void Add(long value)
    {
        MergeCounts(1, value, value, value, [value]);
        Histogram.Add(value);
    }

    /// <summary>
    /// Adds a worker's counters and, when it still has them, its values (<paramref name="values"/> holds all
    /// <paramref name="paired"/> values, or is empty when the worker had more than the limit). The caller adds the
    /// worker's histogram to <see cref="Histogram"/>.
    /// </summary>
    public void MergeCounts(long paired, long total, long min, long max, ReadOnlySpan<long> values)
    {
        Paired += paired;
        Total += total;
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
        if (_values is null || Paired > _exactLimit)
        {
            _values = null;
            return;
        }

        int start = (int)(Paired - paired);
        if (_values.Length < Paired)
        {
            Array.Resize(ref _values, (int)Math.Min(_exactLimit, Math.Max(16, Paired * 2)));
        }

        values.CopyTo(_values.AsSpan(start));
    }

    public LatencySummary Summarize(long count)
    {
        if (Paired == 0)
        {
            return new LatencySummary { Count = count, ExactPercentiles = true };
        }

        Span<long> sorted = _values is null ? default : _values.AsSpan(0, (int)Paired);
        sorted.Sort();
        return new LatencySummary
        {
            Count = count,
            Paired = Paired,
            TotalNs = Total,
            MinNs = Min,
            MaxNs = Max,
            P50Ns = Percentile(NearestRank.P50, sorted),
            P90Ns = Percentile(NearestRank.P90, sorted),
            P99Ns = Percentile(NearestRank.P99, sorted),
            P999Ns = Percentile(NearestRank.P999, sorted),
            MeanNs = Math.Round((decimal)Total / Paired, 3, MidpointRounding.AwayFromZero),
            ExactPercentiles = _values is not null,
        };
    }

    private long Percentile(int perHundredThousand, ReadOnlySpan<long> sorted)
    {
        long rank = NearestRank.Rank(perHundredThousand, Paired);
        return _values is not null ? sorted[(int)rank - 1] : Math.Clamp(Histogram.ValueAtRank(rank), Min, Max);
    }
}
