using System.Buffers.Binary;
using System.Numerics;
using TraceLab.Store.Encoding;

namespace TraceLab.Store.Tests;

/// <summary>
/// Patched blocks (docs/store-format.md, "Patched blocks"): exceptions at every edge, through all three sinks
/// (frame of reference, delta's running sum, dictionary lookup), the documented bytes, and malformed exception lists.
/// Streams are built here with a forced width, so the layouts are tested whether or not the encoder would pick them.
/// </summary>
public class PatchedBlockTests
{
    public static TheoryData<int, string> WidthsAndPositions()
    {
        var data = new TheoryData<int, string>();
        foreach (int width in new[] { 0, 1, 5, 31, 62 })
        {
            foreach (string positions in new[] { "0", "127", "0,127", "64", "0,1,2,3,126,127", "all" })
            {
                data.Add(width, positions);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WidthsAndPositions))]
    public void Exceptions_anywhere_in_a_block_round_trip_through_every_sink(int width, string positions)
    {
        var random = new Random(width * 131 + positions.Length);
        ulong mask = width == 0 ? 0 : (1UL << width) - 1;
        long blockBase = random.NextInt64(-1_000_000, 1_000_000);
        var values = new long[300];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = unchecked(blockBase + (long)((ulong)random.NextInt64() & mask));
        }

        // Exceptions in every block of the stream, including the short last one (rows 256..299).
        IEnumerable<int> at = positions == "all" ? Enumerable.Range(0, 128) : positions.Split(',').Select(int.Parse);
        long[] wide = [long.MaxValue, blockBase + (1L << 40), unchecked(blockBase + (long)mask + 1), long.MaxValue - 1];
        foreach (int block in new[] { 0, 128, 256 })
        {
            int k = 0;
            foreach (int p in at.Where(p => block + p < values.Length))
            {
                values[block + p] = wide[k++ % wide.Length];
            }
        }

        AssertRoundTrips(values, width);
    }

    [Fact]
    public void Extreme_values_as_exceptions_round_trip()
    {
        // long.MinValue as the block's base makes every other value an exception of up to 64 bits; long.MaxValue
        // above a base of 0 is a 63-bit exception.
        long[] values = [.. Enumerable.Range(0, 128).Select(i => (long)(i % 4)), .. Enumerable.Range(0, 128).Select(i => (long)(i % 3))];
        values[0] = long.MaxValue;
        values[127] = long.MaxValue;
        values[128] = long.MinValue;
        values[255] = long.MaxValue;
        foreach (int width in new[] { 0, 1, 2, 62 })
        {
            AssertRoundTrips(values, width);
        }
    }

    [Fact]
    public void Encoder_output_with_exceptions_round_trips_for_every_row_count()
    {
        var encoder = new ColumnEncoder();
        for (int n = 1; n <= 260; n++)
        {
            long[] values = ColumnShapes.Make("mixed-magnitude", n, seed: n);
            values[0] = long.MaxValue;
            values[n - 1] = 1L << 47;
            EncodedColumn encoded = encoder.Encode(values);
            var decoded = new long[n];
            Assert.True(ColumnDecoder.TryDecode(encoded.Encoding, encoder.Payload, decoded));
            Assert.Equal(values, decoded);
        }
    }

    [Fact]
    public void Patched_block_matches_the_bytes_in_the_format_doc()
    {
        // docs/store-format.md: eight small values and one 1000. Width 2 and one exception (6 bytes of body) beat
        // width 10 (10 bytes).
        long[] values = [3, 1, 0, 2, 1000, 3, 1, 2];
        var encoder = new ColumnEncoder();
        EncodedColumn encoded = encoder.Encode(values);
        Assert.Equal(ColumnEncoding.FrameOfReference, encoded.Encoding);
        Assert.Equal(DocExample, encoder.Payload.ToArray());
    }

    [Theory]
    [InlineData(5, 0x08, "more exceptions than values")]
    [InlineData(6, 0x00, "high width 0")]
    [InlineData(6, 0x3F, "high width 63 above width 2")]
    [InlineData(7, 0x08, "position past the block")]
    [InlineData(8, 0x00, "a high part of 0")]
    public void Malformed_exception_lists_are_rejected(int offset, byte value, string what)
    {
        byte[] payload = (byte[])DocExample.Clone();
        payload[offset] = value;
        Assert.False(ColumnDecoder.TryDecode(ColumnEncoding.FrameOfReference, payload, new long[8]), what);
    }

    [Fact]
    public void High_parts_that_would_shift_out_of_64_bits_are_rejected()
    {
        // The doc example with a high width of 63 above the low width of 2, and 8 bytes of high part to read.
        byte[] payload = [.. DocExample[..6], 0x3F, 0x04, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F];
        Assert.False(ColumnDecoder.TryDecode(ColumnEncoding.FrameOfReference, payload, new long[8]));

        // 62 bits fit above 2.
        payload[6] = 0x3E;
        payload[^1] = 0x3F;
        var decoded = new long[8];
        Assert.True(ColumnDecoder.TryDecode(ColumnEncoding.FrameOfReference, payload, decoded));
        Assert.Equal(unchecked((long)(ulong.MaxValue << 2)), decoded[4]);
    }

    [Fact]
    public void Exceptions_out_of_order_or_cut_short_are_rejected()
    {
        // Two exceptions: positions 1 and 4, width 2, high width 8.
        long[] values = [3, 1000, 0, 2, 1000, 3, 1, 2];
        byte[] payload = Stream(values, 2);
        var decoded = new long[8];
        Assert.True(ColumnDecoder.TryDecode(ColumnEncoding.FrameOfReference, payload, decoded));
        Assert.Equal(values, decoded);

        int positions = payload.Length - 4; // ... count - 1, high width, 2 positions, 2 high bytes
        Assert.Equal(new byte[] { 1, 4 }, payload[positions..(positions + 2)]);
        byte[] swapped = (byte[])payload.Clone();
        (swapped[positions], swapped[positions + 1]) = (4, 1);
        Assert.False(ColumnDecoder.TryDecode(ColumnEncoding.FrameOfReference, swapped, decoded));
        byte[] repeated = (byte[])payload.Clone();
        repeated[positions + 1] = 1;
        Assert.False(ColumnDecoder.TryDecode(ColumnEncoding.FrameOfReference, repeated, decoded));
        for (int cut = 1; cut <= 4; cut++)
        {
            Assert.False(ColumnDecoder.TryDecode(ColumnEncoding.FrameOfReference, payload.AsSpan(0, payload.Length - cut), decoded));
        }
    }

    /// <summary>The frame-of-reference payload of <c>3, 1, 0, 2, 1000, 3, 1, 2</c> as the format doc spells it out.</summary>
    internal static byte[] DocExample => [0x01, 0x00, 0x43, 0x87, 0x9C, 0x00, 0x08, 0x04, 0xFA];

    /// <summary>Checks <paramref name="values"/> through a frame-of-reference, a delta and a dictionary payload, each patched at <paramref name="width"/>.</summary>
    private static void AssertRoundTrips(long[] values, int width)
    {
        var decoded = new long[values.Length];
        Assert.True(ColumnDecoder.TryDecode(ColumnEncoding.FrameOfReference, Stream(values, width), decoded));
        Assert.Equal(values, decoded);

        long[] deltas = [.. values.Zip(values.Skip(1), (a, b) => unchecked(b - a))];
        byte[] delta = [.. Int64(values[0]), .. Stream(deltas, width)];
        Array.Clear(decoded);
        Assert.True(ColumnDecoder.TryDecode(ColumnEncoding.Delta, delta, decoded));
        Assert.Equal(values, decoded);

        long[] dictionary = [.. values.Distinct().Order()];
        long[] ids = [.. values.Select(v => (long)Array.BinarySearch(dictionary, v))];
        long[] gaps = [.. dictionary.Zip(dictionary.Skip(1), (a, b) => unchecked(b - a))];
        var count = new byte[VarInt.MaxLength];
        int length = 0;
        VarInt.Write(count, ref length, (ulong)dictionary.Length);
        byte[] payload = [.. count.AsSpan(0, length), .. Int64(dictionary[0]), .. Stream(gaps, 0), .. Stream(ids, Math.Min(width, 3))];
        Array.Clear(decoded);
        Assert.True(ColumnDecoder.TryDecode(ColumnEncoding.Dictionary, payload, decoded));
        Assert.Equal(values, decoded);
    }

    /// <summary>
    /// A packed stream (factor 1) in which every block is patched at <paramref name="width"/> when some value does not
    /// fit it, and plain at the width of its range otherwise.
    /// </summary>
    private static byte[] Stream(long[] values, int width)
    {
        var output = new byte[(values.Length * 20) + 64];
        int position = 0;
        VarInt.Write(output, ref position, 1);
        long previousBase = 0;
        for (int start = 0; start < values.Length; start += PackedBlocks.BlockSize)
        {
            long[] block = values[start..Math.Min(values.Length, start + PackedBlocks.BlockSize)];
            long blockBase = block.Min();
            ulong range = block.Select(v => (ulong)unchecked(v - blockBase)).Max();
            int full = 64 - BitOperations.LeadingZeroCount(range);
            VarInt.Write(output, ref position, VarInt.ZigZag(unchecked(blockBase - previousBase)));
            previousBase = blockBase;
            if (full <= width)
            {
                output[position++] = (byte)full;
                position += BitPacker.Pack(block, blockBase, ExactDivisor.One, full, output.AsSpan(position));
            }
            else
            {
                output[position++] = (byte)(PackedBlocks.PatchedCode + width);
                position += PatchedBlock.Write(block, blockBase, default(UnitDivisor), width, output.AsSpan(position));
            }
        }

        return output[..position];
    }

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }
}
