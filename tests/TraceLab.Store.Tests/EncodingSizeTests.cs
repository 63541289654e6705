using TraceLab.Store.Encoding;

namespace TraceLab.Store.Tests;

/// <summary>The encoder's choices cost what the format promises (docs/store-format.md, "Encodings").</summary>
public class EncodingSizeTests
{
    private const int Rows = 65_536;

    [Fact]
    public void Constant_column_takes_eight_bytes()
    {
        Assert.Equal(8, Encode(new long[Rows]).Length);
    }

    [Fact]
    public void Plus_one_sequence_takes_almost_no_bits()
    {
        long[] lines = Enumerable.Range(1, Rows).Select(i => (long)i).ToArray();
        EncodedColumn encoded = Encode(lines);
        Assert.Equal(ColumnEncoding.Delta, encoded.Encoding);

        // First value, then 2 header bytes per 128-row block and no packed bits: ~0.13 bits per value.
        Assert.True(BitsPerValue(encoded) < 0.2, $"{BitsPerValue(encoded)} bits/value");
    }

    [Fact]
    public void Small_range_column_takes_its_width()
    {
        var random = new Random(1);
        long[] cpus = Enumerable.Range(0, Rows).Select(_ => (long)random.Next(0, 16)).ToArray();
        EncodedColumn encoded = Encode(cpus);
        Assert.InRange(BitsPerValue(encoded), 4.0, 4.2);
    }

    [Fact]
    public void Microsecond_gap_timestamps_take_about_the_width_of_the_gap()
    {
        var random = new Random(2);
        long t = 1_000_000_000_000;
        long[] timestamps = Enumerable.Range(0, Rows).Select(_ => t += random.Next(500, 2_000)).ToArray();
        EncodedColumn encoded = Encode(timestamps);
        Assert.Equal(ColumnEncoding.Delta, encoded.Encoding);

        // Gaps below 2048 ns need 11 bits (range of 1,500 per block).
        Assert.InRange(BitsPerValue(encoded), 10.5, 11.5);
    }

    [Fact]
    public void Microsecond_resolution_timestamps_do_not_pay_for_the_factor_1000()
    {
        // Text traces print microseconds: nanosecond timestamps are multiples of 1000.
        var random = new Random(5);
        long t = 24_006_249_294_000;
        long[] timestamps = Enumerable.Range(0, Rows).Select(_ => t += 1000L * random.Next(0, 200)).ToArray();
        EncodedColumn encoded = Encode(timestamps);
        Assert.Equal(ColumnEncoding.Delta, encoded.Encoding);
        Assert.InRange(BitsPerValue(encoded), 7.5, 8.5);
    }

    [Fact]
    public void A_minus_one_sentinel_only_unscales_its_own_block()
    {
        // handling_ns: latencies in whole microseconds, -1 for the rare unpaired exit.
        var random = new Random(6);
        long[] latencies = Enumerable.Range(0, Rows).Select(i => i % 5000 == 17 ? -1 : 1000L * random.Next(1, 2048)).ToArray();
        EncodedColumn encoded = Encode(latencies);
        Assert.Equal(ColumnEncoding.FrameOfReference, encoded.Encoding);

        // 11 bits for most blocks; the 14 blocks holding a -1 need 21.
        Assert.InRange(BitsPerValue(encoded), 11, 11.5);
    }

    [Fact]
    public void Nearly_full_width_values_stay_raw()
    {
        var random = new Random(7);
        long[] values = Enumerable.Range(0, Rows).Select(_ => random.NextInt64(0, long.MaxValue)).ToArray();
        Assert.Equal(ColumnEncoding.Raw, Encode(values).Encoding);
    }

    [Fact]
    public void Repeating_wide_values_use_a_dictionary()
    {
        var random = new Random(3);
        long[] rips = Enumerable.Range(0, 40).Select(_ => unchecked((long)0xffffffff_a0000000UL) + random.Next(0, 1 << 24)).ToArray();
        long[] column = Enumerable.Range(0, Rows).Select(_ => rips[random.Next(rips.Length)]).ToArray();
        EncodedColumn encoded = Encode(column);
        Assert.Equal(ColumnEncoding.Dictionary, encoded.Encoding);
        Assert.True(BitsPerValue(encoded) < 6.5, $"{BitsPerValue(encoded)} bits/value");
    }

    [Fact]
    public void One_outlier_widens_only_its_block()
    {
        var random = new Random(4);
        long t = 0;
        long[] timestamps = Enumerable.Range(0, Rows).Select(i => t += i == 30_000 ? 10_000_000_000 : random.Next(0, 256)).ToArray();
        Assert.True(BitsPerValue(Encode(timestamps)) < 8.5);
    }

    [Fact]
    public void Mixed_magnitudes_pay_for_their_wide_values_not_with_every_row()
    {
        // events.a0: one row in ten holds a 48-bit address, one in twenty a 25-bit value, the rest a 3-bit enum. A
        // block's width would be 48; patched blocks keep it at the enum's and store the rest as exceptions.
        EncodedColumn encoded = Encode(ColumnShapes.Make("mixed-magnitude", Rows, seed: 8));
        Assert.Equal(ColumnEncoding.FrameOfReference, encoded.Encoding);

        // 3 bits, plus per exception a position byte and ~45 bits of high part: ~0.15 * 53 = 8 bits/row more.
        Assert.InRange(BitsPerValue(encoded), 9, 12.5);
    }

    [Fact]
    public void Rare_values_among_zeros_cost_only_their_exceptions()
    {
        // exits.flags: a flag bit in one row of 200. A width-0 block with exceptions instead of a 6-bit block.
        EncodedColumn encoded = Encode(ColumnShapes.Make("rare-flags", Rows, seed: 8));
        Assert.True(BitsPerValue(encoded) < 0.5, $"{BitsPerValue(encoded)} bits/value");
    }

    [Fact]
    public void Row_numbers_with_none_cost_a_bitmap_and_their_deltas()
    {
        // exits.companion_first: increasing rows 1 to 8 apart, -1 in one row of five. Without the bitmap every
        // block's range spans -1 to ~2^20 (frame of reference) or each -1 swings the deltas by that much (delta).
        EncodedColumn encoded = Encode(ColumnShapes.Make("companion-rows", Rows, seed: 8));
        Assert.Equal(ColumnEncoding.NullMasked, encoded.Encoding);

        // 1 bit of bitmap; 0.8 of a row's worth of deltas up to 7 * 1.25 (nulls in between): ~5 bits.
        Assert.InRange(BitsPerValue(encoded), 4, 6);
    }

    [Fact]
    public void Timestamps_with_rare_long_gaps_store_the_gaps_as_exceptions()
    {
        // One gap of up to 50 ms in a hundred among gaps of up to 3 µs: the gaps no longer set their blocks' width.
        EncodedColumn encoded = Encode(ColumnShapes.Make("timestamps-with-gaps", Rows, seed: 8));
        Assert.Equal(ColumnEncoding.Delta, encoded.Encoding);
        Assert.InRange(BitsPerValue(encoded), 12, 14);
    }

    private static EncodedColumn Encode(long[] values) => new ColumnEncoder().Encode(values);

    private static double BitsPerValue(EncodedColumn encoded) => encoded.Length * 8.0 / Rows;
}
