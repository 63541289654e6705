using TraceLab.Analysis.Histograms;
using TraceLab.Analysis.Stats;

namespace TraceLab.Replay.Output;

/// <summary>
/// Latencies of one TDVMCALL leaf: exact nearest-rank percentiles up to <see cref="ExactLimit"/> values, then from a
/// log-linear histogram (≤ 0.2 % relative error, docs/stats.md), so memory stays bounded on any trace.
/// </summary>
public sealed class LeafLatency
{
    public const int ExactLimit = 4096;

    private readonly LogLinearHistogram _histogram = new();
    private List<long>? _values = [];

    public long Count { get; private set; }

    public void Add(long ns)
    {
        Count++;
        _histogram.Add(Math.Max(0, ns));
        if (_values is not null)
        {
            _values.Add(ns);
            if (_values.Count > ExactLimit)
            {
                _values = null;
            }
        }
    }

    /// <summary>Nearest-rank percentile in 1/1000 % (<see cref="NearestRank.P50"/>), exact while few values were added.</summary>
    public long Percentile(int perHundredThousand)
    {
        long rank = NearestRank.Rank(perHundredThousand, Count);
        if (rank == 0)
        {
            return 0;
        }

        if (_values is not null)
        {
            _values.Sort();
            return _values[(int)rank - 1];
        }

        return _histogram.ValueAtRank(rank);
    }

    public bool Exact => _values is not null;
}
