using TraceLab.Analysis.Stats;

namespace TraceLab.Analysis.Tests;

public sealed class NearestRankTests
{
    [Theory]
    [InlineData(NearestRank.P50, 1, 1)]
    [InlineData(NearestRank.P50, 2, 1)]
    [InlineData(NearestRank.P50, 3, 2)]
    [InlineData(NearestRank.P90, 10, 9)]
    [InlineData(NearestRank.P90, 11, 10)]
    [InlineData(NearestRank.P99, 100, 99)]
    [InlineData(NearestRank.P99, 101, 100)]
    [InlineData(NearestRank.P999, 1000, 999)]
    [InlineData(NearestRank.P999, 1001, 1000)]
    [InlineData(NearestRank.P999, 1, 1)]
    public void Rank_is_the_ceiling_of_P_times_N_over_100(int p, long n, long expected) =>
        Assert.Equal(expected, NearestRank.Rank(p, n));

    [Fact]
    public void Rank_does_not_overflow_for_huge_counts()
    {
        long n = long.MaxValue / 2;
        var expected = (long)((System.Numerics.BigInteger.Multiply(999, n) + 999) / 1000);
        Assert.Equal(expected, NearestRank.Rank(NearestRank.P999, n));
    }
}
