using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Tests.Support;

namespace TraceLab.Analysis.Tests;

public sealed class StatsEnginePercentileTests
{
    public static TheoryData<int, int> SmallSets => new() { { 1, 1 }, { 2, 2 }, { 3, 3 }, { 10, 4 }, { 99, 5 }, { 1000, 6 }, { 1001, 7 }, { 4096, 8 } };

    [Theory]
    [MemberData(nameof(SmallSets))]
    public void Small_groups_get_exact_nearest_rank_percentiles(int count, int seed)
    {
        long[] values = ColumnarExits.LogNormal(count, seed);
        StatsReport report = StatsEngine.Compute([ColumnarExits.Create(values, rowGroupSize: 300)], new StatsOptions());

        LatencySummary latency = Assert.Single(report.Rows).Latency;
        Assert.True(latency.ExactPercentiles);
        long[] expected = Oracle.Percentiles(values, 50m, 90m, 99m, 99.9m);
        Assert.Equal(expected[0], latency.P50Ns);
        Assert.Equal(expected[1], latency.P90Ns);
        Assert.Equal(expected[2], latency.P99Ns);
        Assert.Equal(expected[3], latency.P999Ns);
        Assert.Equal(values.Min(), latency.MinNs);
        Assert.Equal(values.Max(), latency.MaxNs);
    }

    [Fact]
    public void A_million_log_normal_values_are_within_half_a_percent()
    {
        long[] values = ColumnarExits.LogNormal(1_000_000, 42);
        StatsReport report = StatsEngine.Compute([ColumnarExits.Create(values)], new StatsOptions());

        LatencySummary latency = Assert.Single(report.Rows).Latency;
        Assert.False(latency.ExactPercentiles);
        Assert.Equal(values.Length, latency.Count);
        Assert.Equal(values.Length, latency.Paired);
        Assert.Equal(values.Sum(), latency.TotalNs);
        Assert.Equal(values.Min(), latency.MinNs);
        Assert.Equal(values.Max(), latency.MaxNs);
        Assert.Equal(Math.Round((decimal)values.Sum() / values.Length, 3, MidpointRounding.AwayFromZero), latency.MeanNs);
        long[] expected = Oracle.Percentiles(values, 50m, 90m, 99m, 99.9m);
        AssertWithin(expected[0], latency.P50Ns);
        AssertWithin(expected[1], latency.P90Ns);
        AssertWithin(expected[2], latency.P99Ns);
        AssertWithin(expected[3], latency.P999Ns);
    }

    [Fact]
    public void The_histogram_path_is_exact_for_small_values_and_clamped_to_min_and_max()
    {
        // 10,000 values in 0..511 (unit buckets), then a single huge maximum.
        var random = new Random(11);
        long[] values = new long[10_001];
        for (int i = 0; i < 10_000; i++)
        {
            values[i] = random.Next(0, 512);
        }

        values[10_000] = 987_654_321;
        StatsReport report = StatsEngine.Compute([ColumnarExits.Create(values, rowGroupSize: 1000)], new StatsOptions());

        LatencySummary latency = Assert.Single(report.Rows).Latency;
        Assert.False(latency.ExactPercentiles);
        Assert.Equal(Oracle.Percentile(values, 50m), latency.P50Ns);
        Assert.Equal(Oracle.Percentile(values, 99.9m), latency.P999Ns);

        StatsReport top = StatsEngine.Compute([ColumnarExits.Create([.. Enumerable.Repeat(987_654_321L, 5000)])], new StatsOptions());
        Assert.Equal(987_654_321, Assert.Single(top.Rows).Latency.P50Ns);
    }

    [Fact]
    public void The_exact_limit_is_an_option()
    {
        long[] values = ColumnarExits.LogNormal(20_000, 5);
        StatsReport report = StatsEngine.Compute([ColumnarExits.Create(values, rowGroupSize: 1000)], new StatsOptions { ExactPercentileLimit = 20_000 });

        LatencySummary latency = Assert.Single(report.Rows).Latency;
        Assert.True(latency.ExactPercentiles);
        Assert.Equal(Oracle.Percentile(values, 99.9m), latency.P999Ns);
    }

    private static void AssertWithin(long expected, long? actual)
    {
        Assert.NotNull(actual);
        decimal error = Math.Abs((decimal)actual.Value - expected) / expected;
        Assert.True(error <= 0.005m, $"{actual} is {error:P3} away from {expected}");
    }
}
