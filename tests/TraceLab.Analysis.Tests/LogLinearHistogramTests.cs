using TraceLab.Analysis.Histograms;

namespace TraceLab.Analysis.Tests;

public sealed class LogLinearHistogramTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(511L)]
    public void Values_below_the_linear_limit_are_exact(long value)
    {
        var histogram = new LogLinearHistogram();
        histogram.Add(value);
        Assert.Equal(value, histogram.ValueAtRank(1));
        Assert.Equal(1, LogLinearHistogram.BucketWidth(value));
    }

    [Fact]
    public void Every_bucket_is_at_most_1_in_256_of_its_values_and_the_midpoint_within_1_in_512()
    {
        var random = new Random(7);
        for (int i = 0; i < 50_000; i++)
        {
            long value = i < 100 ? long.MaxValue - i : (long)(Math.Exp(random.NextDouble() * 43.6)) + 512;
            long lower = LogLinearHistogram.BucketLowerBound(value);
            long width = LogLinearHistogram.BucketWidth(value);
            Assert.InRange(value, lower, lower + (width - 1));
            Assert.True(width * 256 <= value, $"bucket width {width} of {value} is more than 1/256 of it");

            var histogram = new LogLinearHistogram();
            histogram.Add(value);
            long representative = histogram.ValueAtRank(1);
            Assert.True(Math.Abs((decimal)representative - value) * 512 <= value, $"{representative} is too far from {value}");
        }
    }

    [Fact]
    public void Merge_equals_adding_everything_to_one()
    {
        var random = new Random(3);
        var all = new LogLinearHistogram();
        var left = new LogLinearHistogram();
        var right = new LogLinearHistogram();
        for (int i = 0; i < 10_000; i++)
        {
            long v = random.NextInt64(0, 10_000_000);
            all.Add(v);
            (i % 3 == 0 ? left : right).Add(v);
        }

        left.Merge(right);
        Assert.Equal(all.TotalCount, left.TotalCount);
        for (long rank = 1; rank <= all.TotalCount; rank += 97)
        {
            Assert.Equal(all.ValueAtRank(rank), left.ValueAtRank(rank));
        }
    }

    [Fact]
    public void Negative_values_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogLinearHistogram().Add(-1));
}
