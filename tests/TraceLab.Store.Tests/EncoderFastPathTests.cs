using System.Numerics;
using TraceLab.Store.Encoding;

namespace TraceLab.Store.Tests;

/// <summary>
/// The encoder's fast paths against plain reference computations: the radix sort of dictionaries, hashing with
/// fingerprints (and its fallback when two values share one), the vectorised common-factor search and bit packing,
/// the per-stream patch widths and the estimates.
/// </summary>
public class EncoderFastPathTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(47)]
    [InlineData(300)]
    [InlineData(4096)]
    public void Radix_sort_orders_keys_and_carries_their_items(int count)
    {
        var random = new Random(count);
        long[] pool = [long.MinValue, long.MaxValue, -1, 0, 1, long.MinValue + 1, long.MaxValue - 1];
        long[] keys = [.. Enumerable.Range(0, count).Select(i => i % 5 == 0 ? pool[random.Next(pool.Length)] : random.NextInt64(long.MinValue, long.MaxValue)).Distinct()];
        int[] items = [.. Enumerable.Range(0, keys.Length)];
        long[] original = (long[])keys.Clone();

        RadixSort.Sort(keys, items, keys.Min(), new long[keys.Length], new int[keys.Length]);

        Assert.Equal(original.Order(), keys);
        for (int k = 0; k < keys.Length; k++)
        {
            Assert.Equal(original[items[k]], keys[k]);
        }
    }

    [Fact]
    public void Radix_sort_skips_shared_digits_and_still_orders_narrow_keys()
    {
        // Keys spanning a few thousand above a large base: only the low digits differ.
        var random = new Random(5);
        long[] keys = [.. Enumerable.Range(0, 2000).Select(_ => 1_000_000_000_000L + random.Next(0, 5000)).Distinct()];
        int[] items = [.. Enumerable.Range(0, keys.Length)];
        long[] original = (long[])keys.Clone();
        RadixSort.Sort(keys, items, 1_000_000_000_000L, new long[keys.Length], new int[keys.Length]);
        Assert.Equal(original.Order(), keys);
        Assert.All(Enumerable.Range(0, keys.Length), k => Assert.Equal(original[items[k]], keys[k]));
    }

    [Fact]
    public void Values_that_share_a_hash_fingerprint_get_their_own_ids()
    {
        // v and v + 1/golden (mod 2^64) hash to neighbouring products, so they share the slot and the fingerprint:
        // the fast probe conflates them, and the build must notice and redo the chunk comparing values.
        const ulong Golden = 0x9E37_79B9_7F4A_7C15UL;
        ulong inverse = Golden;
        for (int i = 0; i < 5; i++)
        {
            inverse *= 2 - (Golden * inverse);
        }

        long first = 0x1234_5678_9ABC;
        long twin = unchecked(first + (long)inverse);
        Assert.Equal(((ulong)first * Golden) >> 32, ((ulong)twin * Golden) >> 32);

        var random = new Random(9);
        long[] others = [.. Enumerable.Range(0, 50).Select(_ => random.NextInt64())];
        long[] values = [.. Enumerable.Range(0, 20_000).Select(i => (i % 3) switch { 0 => first, 1 => twin, _ => others[i % others.Length] })];
        var set = new DistinctValueSet();
        var ids = new long[values.Length];
        var dictionary = new long[DistinctValueSet.MaxCount];
        int distinct = set.TryBuild(values, values.Min(), values.Max(), values.Length / 2, ids, dictionary);

        Assert.Equal(values.Distinct().Count(), distinct);
        Assert.Equal(values.Distinct().Order(), dictionary[..distinct]);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], dictionary[ids[i]]);
        }

        var encoder = new ColumnEncoder();
        EncodedColumn encoded = encoder.Encode(values);
        var decoded = new long[values.Length];
        Assert.True(ColumnDecoder.TryDecode(encoded.Encoding, encoder.Payload, decoded));
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Common_factor_of_narrow_and_wide_blocks_matches_a_reference()
    {
        var random = new Random(3);
        for (int trial = 0; trial < 2000; trial++)
        {
            long factor = (random.Next(2) == 0 ? 125L : 1L) << random.Next(0, 20);
            long spread = random.Next(3) switch { 0 => 1L << 20, 1 => 1L << 31, _ => 1L << 40 };
            long start = random.NextInt64(-(1L << 50), 1L << 50);
            long[] block = [.. Enumerable.Range(0, random.Next(1, 129)).Select(_ => start + (factor * random.NextInt64(0, spread / factor + 1)))];
            if (random.Next(4) == 0)
            {
                block[random.Next(block.Length)] += 1 + random.Next(7); // breaks the factor somewhere
            }

            Assert.Equal(Reference(block), CommonFactor.Find(block));
        }

        static long Reference(long[] values)
        {
            long min = values.Min();
            ulong gcd = 0;
            foreach (long v in values)
            {
                gcd = Gcd(gcd, (ulong)(v - min));
            }

            if (gcd == 0)
            {
                return 1;
            }

            long power = 1L << BitOperations.TrailingZeroCount(gcd);
            return gcd % 125 == 0 ? 125 * power : power;
        }

        static ulong Gcd(ulong a, ulong b) => b == 0 ? a : Gcd(b, a % b);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(1000)]
    [InlineData(125L << 20)]
    public void Packing_matches_a_bit_by_bit_reference(long factor)
    {
        // Narrow widths are packed four or eight values at a time (for a factor, from the low 32 bits of a 32-bit
        // multiply); wider ones one or two at a time. All must lay the bits out as the format says.
        var random = new Random((int)(factor % 1000) + 11);
        var divisor = new ExactDivisor(factor);
        for (int width = 0; width <= 30; width++)
        {
            foreach (int count in new[] { 1, 3, 4, 7, 8, 9, 64, 127, 128 })
            {
                long valueBase = random.NextInt64(long.MinValue / 4, long.MaxValue / 4);
                ulong[] quotients = [.. Enumerable.Range(0, count).Select(_ => width == 0 ? 0UL : (ulong)random.NextInt64(0, 1L << width))];
                long[] values = [.. quotients.Select(q => unchecked(valueBase + (long)(q * (ulong)factor)))];
                var expected = new byte[BitPacker.PackedLength(count, width)];
                for (int j = 0; j < count; j++)
                {
                    for (int bit = 0; bit < width; bit++)
                    {
                        int at = (j * width) + bit;
                        expected[at >> 3] |= (byte)(((quotients[j] >> bit) & 1) << (at & 7));
                    }
                }

                var packed = new byte[expected.Length + 16];
                Assert.Equal(expected.Length, factor == 1
                    ? BitPacker.Pack(values, valueBase, default(UnitDivisor), width, packed)
                    : BitPacker.Pack(values, valueBase, divisor, width, packed));
                Assert.Equal(expected, packed[..expected.Length]);
            }
        }
    }

    [Fact]
    public void Patch_widths_pick_the_best_pair_of_the_sampled_blocks()
    {
        var random = new Random(13);
        for (int trial = 0; trial < 50; trial++)
        {
            int blocks = random.Next(1, 40);
            int[] costs = [.. Enumerable.Range(0, blocks * PatchWidths.TableWidth).Select(_ => random.Next(10, 1000))];
            PatchWidths widths = PatchWidths.Pick(costs, blocks, out long total);

            long best = long.MaxValue;
            for (int a = 0; a < PatchWidths.TableWidth; a++)
            {
                long alone = Enumerable.Range(0, blocks).Sum(b => (long)costs[(b * PatchWidths.TableWidth) + a]);
                best = Math.Min(best, alone);
            }

            long Sum(int a, int c) => Enumerable.Range(0, blocks).Sum(b => (long)Math.Min(costs[(b * PatchWidths.TableWidth) + a], costs[(b * PatchWidths.TableWidth) + c]));
            Assert.Equal(Sum(widths.First, widths.Second), total);
            Assert.True(total <= best);
        }
    }

    [Fact]
    public void A_block_at_the_stream_widths_costs_what_its_cost_table_says()
    {
        // ChooseAt counts the exceptions at two widths in one pass; Costs derives every width from a histogram.
        var random = new Random(17);
        Span<int> costs = stackalloc int[PatchWidths.TableWidth];
        for (int trial = 0; trial < 500; trial++)
        {
            long[] block = ColumnShapes.Make(trial % 2 == 0 ? "mixed-magnitude" : "timestamps-with-gaps", random.Next(1, 129), trial);
            long blockBase = block.Min();
            ulong range = (ulong)(block.Max() - blockBase);
            PatchedBlock.Costs(block, blockBase, default(UnitDivisor), range, costs);
            int first = random.Next(0, 20), second = random.Next(0, 64);
            (int code, int bytes) = PatchedBlock.ChooseAt(block, blockBase, default(UnitDivisor), range, new PatchWidths(first, second));
            Assert.Equal(Math.Min(costs[first], costs[second]), bytes);

            int full = 64 - BitOperations.LeadingZeroCount(range);
            var body = new byte[(block.Length * 9) + 64];
            int written = code < PackedBlocks.PatchedCode
                ? BitPacker.Pack(block, blockBase, default(UnitDivisor), code, body)
                : PatchedBlock.Write(block, blockBase, default(UnitDivisor), code - PackedBlocks.PatchedCode, body);
            Assert.Equal(bytes, written);
            Assert.True(code == full || code >= PackedBlocks.PatchedCode);
        }
    }

    [Theory]
    [InlineData("timestamps", 3_000)]
    [InlineData("mixed-magnitude", 5_000)]
    [InlineData("us-latency-with-sentinel", 7_000)]
    public void Short_streams_are_estimated_exactly(string shape, int count)
    {
        // Under 64 blocks the estimate is the exact plan: what WriteExact then writes.
        long[] values = ColumnShapes.Make(shape, count, seed: 1);
        var valuePlan = new PackedBlockPlan();
        var deltaPlan = new PackedBlockPlan();
        BlockScan.Scan(values, valuePlan, deltaPlan);
        var destination = new byte[valuePlan.Capacity(long.MaxValue) + deltaPlan.Capacity(long.MaxValue)];

        long estimate = valuePlan.Estimate(new ValueBlocks(values));
        Assert.True(valuePlan.WriteExact(new ValueBlocks(values), long.MaxValue, destination, out int written));
        Assert.Equal(estimate, written);

        estimate = deltaPlan.Estimate(new DeltaBlocks(values));
        Assert.True(deltaPlan.WriteExact(new DeltaBlocks(values), long.MaxValue, destination, out written));
        Assert.Equal(estimate, written);
    }

    [Fact]
    public void Block_scan_gives_the_ranges_of_values_and_of_their_deltas()
    {
        foreach (int count in new[] { 1, 2, 5, 127, 128, 129, 1000 })
        {
            long[] values = ColumnShapes.Make("min-max-mixed", count, seed: count);
            var valuePlan = new PackedBlockPlan();
            var deltaPlan = new PackedBlockPlan();
            BlockScan.Scan(values, valuePlan, deltaPlan);
            Assert.Equal(values.Min(), valuePlan.Min);
            Assert.Equal(values.Max(), valuePlan.Max);
            long[] deltas = [.. values.Zip(values.Skip(1), (a, b) => unchecked(b - a))];
            Assert.Equal(count > 1 ? deltas.Min() : long.MaxValue, deltaPlan.Min);
            Assert.Equal(count > 1 ? deltas.Max() : long.MinValue, deltaPlan.Max);
        }
    }
}
