namespace TraceLab.Cli.Tests.Support;

/// <summary>
/// What a stats row must say about a group of events, computed here from the group's latencies (null = unpaired)
/// with the definitions of docs/stats.md: exact integer sums, nearest-rank percentiles with the rank in integers,
/// and the mean rounded half away from zero to 3 decimals.
/// </summary>
internal sealed class Expected
{
    private readonly List<long> _values = [];

    public long Count { get; private set; }

    public long Paired => _values.Count;

    public void Add(long? latency)
    {
        Count++;
        if (latency is { } v)
        {
            _values.Add(v);
        }
    }

    public static Dictionary<TKey, Expected> Group<TItem, TKey>(IEnumerable<TItem> items, Func<TItem, TKey> key, Func<TItem, long?> latency)
        where TKey : notnull
    {
        var groups = new Dictionary<TKey, Expected>();
        foreach (TItem item in items)
        {
            TKey k = key(item);
            if (!groups.TryGetValue(k, out Expected? e))
            {
                groups[k] = e = new Expected();
            }

            e.Add(latency(item));
        }

        return groups;
    }

    /// <summary>Asserts every count and latency field of <paramref name="row"/>; <paramref name="what"/> names the group.</summary>
    public void AssertRow(JsonRow row, string what)
    {
        Assert.True(Count == row.Count, $"{what}: count {row.Count}, expected {Count}");
        Assert.True(Paired == row.Paired, $"{what}: paired {row.Paired}, expected {Paired}");
        if (Paired == 0)
        {
            Assert.True(row.TotalNs is null && row.MinNs is null && row.P50Ns is null && row.MaxNs is null && row.MeanNs is null,
                $"{what}: latency fields must be null when nothing is paired");
            return;
        }

        long[] sorted = [.. _values.Order()];
        long total = sorted.Sum();
        Assert.True(total == row.TotalNs, $"{what}: total_ns {row.TotalNs}, expected {total}");
        Assert.True(sorted[0] == row.MinNs, $"{what}: min_ns {row.MinNs}, expected {sorted[0]}");
        Assert.True(sorted[^1] == row.MaxNs, $"{what}: max_ns {row.MaxNs}, expected {sorted[^1]}");
        Assert.True(NearestRank(sorted, 50_000) == row.P50Ns, $"{what}: p50_ns {row.P50Ns}, expected {NearestRank(sorted, 50_000)}");
        Assert.True(NearestRank(sorted, 90_000) == row.P90Ns, $"{what}: p90_ns {row.P90Ns}, expected {NearestRank(sorted, 90_000)}");
        Assert.True(NearestRank(sorted, 99_000) == row.P99Ns, $"{what}: p99_ns {row.P99Ns}, expected {NearestRank(sorted, 99_000)}");
        Assert.True(NearestRank(sorted, 99_900) == row.P999Ns, $"{what}: p999_ns {row.P999Ns}, expected {NearestRank(sorted, 99_900)}");
        decimal mean = Math.Round((decimal)total / sorted.Length, 3, MidpointRounding.AwayFromZero);
        Assert.True(mean == row.MeanNs, $"{what}: mean_ns {row.MeanNs}, expected {mean}");
    }

    /// <summary>The ⌈P·N/100⌉-th smallest, P in thousandths of a percent (99.9 % = 99 900).</summary>
    private static long NearestRank(long[] sorted, long thousandthsOfPercent)
    {
        long rank = ((thousandthsOfPercent * sorted.Length) + 99_999) / 100_000;
        return sorted[Math.Max(rank, 1) - 1];
    }
}

/// <summary>The bundled samples, for theories.</summary>
public static class Samples
{
    public static readonly string[] Names =
    [
        "tdx-ftrace-small.txt",
        "tdx-trace-cmd-report.txt",
        "tdx-trace-cmd-report-plugin.txt",
        "tdx-perf-script.txt",
        "vmx-ftrace-small.txt",
        "vmx-tracepipe-4.x.txt",
    ];

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in Names)
            {
                data.Add(name);
            }

            return data;
        }
    }
}
