using TraceLab.Store.Encoding;

namespace TraceLab.Store.Tests;

public class CommonFactorTests
{
    [Theory]
    [InlineData(new long[] { 0, 1000, -3000, 5000 }, 1000)]
    [InlineData(new long[] { 5, 4101, 8197 }, 4096)]
    [InlineData(new long[] { 1, 251, 501 }, 250)]
    [InlineData(new long[] { 0, 125, -125 }, 125)]
    [InlineData(new long[] { 0, 3 }, 1)]
    [InlineData(new long[] { 0, 1000, 1001 }, 1)]
    [InlineData(new long[] { 7, 7, 7 }, 1)]
    [InlineData(new long[] { 9 }, 1)]
    [InlineData(new long[] { 0, 3_000_000_000_000, -1_000_000_000_000 }, 125 << 12)]
    public void Finds_the_largest_power_of_two_times_125_or_not(long[] values, long expected)
    {
        Assert.Equal(expected, CommonFactor.Find(values));
    }

    [Fact]
    public void Exact_division_matches_real_division()
    {
        var random = new Random(3);
        for (int i = 0; i < 10_000; i++)
        {
            long factor = (random.Next(2) == 0 ? 125L : 1L) << random.Next(0, 40);
            long quotient = random.NextInt64(0, long.MaxValue / factor);
            Assert.Equal((ulong)quotient, new ExactDivisor(factor).Divide((ulong)(quotient * factor)));
        }
    }
}
