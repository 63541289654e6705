using TraceLab.Store.Encoding;

namespace TraceLab.Store.Tests;

public class ColumnEncodingRoundTripTests
{
    public static TheoryData<string, int> ShapesAndCounts()
    {
        var data = new TheoryData<string, int>();
        foreach (string shape in ColumnShapes.Names)
        {
            foreach (int count in new[] { 1, 2, 127, 128, 129, 1000, 65_536 })
            {
                data.Add(shape, count);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShapesAndCounts))]
    public void Encoder_output_decodes_to_the_input(string shape, int count)
    {
        long[] values = ColumnShapes.Make(shape, count, seed: count);
        var encoder = new ColumnEncoder();
        EncodedColumn encoded = encoder.Encode(values);

        Assert.Equal(encoder.Payload.Length, encoded.Length);
        Assert.Equal(values.Min(), encoded.Min);
        Assert.Equal(values.Max(), encoded.Max);
        var decoded = new long[count];
        Assert.True(ColumnDecoder.TryDecode(encoded.Encoding, encoder.Payload, decoded));
        Assert.Equal(values, decoded);
    }

    [Theory]
    [InlineData("constant", ColumnEncoding.Constant)]
    [InlineData("constant-min", ColumnEncoding.Constant)]
    [InlineData("increment", ColumnEncoding.Delta)]
    [InlineData("timestamps", ColumnEncoding.Delta)]
    [InlineData("small-range", ColumnEncoding.FrameOfReference)]
    [InlineData("few-distinct-wide", ColumnEncoding.Dictionary)]
    [InlineData("random-64", ColumnEncoding.Raw)]
    [InlineData("alternating-extremes", ColumnEncoding.Delta)]
    [InlineData("companion-rows", ColumnEncoding.NullMasked)]
    [InlineData("minus-one-at-block-edges", ColumnEncoding.NullMasked)]
    public void Each_encoding_is_chosen_for_its_shape(string shape, ColumnEncoding expected)
    {
        long[] values = ColumnShapes.Make(shape, 10_000, seed: 3);
        var encoder = new ColumnEncoder();
        Assert.Equal(expected, encoder.Encode(values).Encoding);
    }

    [Fact]
    public void One_encoder_reused_for_many_chunks_stays_correct()
    {
        var encoder = new ColumnEncoder();
        int seed = 0;
        foreach (int count in new[] { 65_536, 3, 1000, 65_536, 1 })
        {
            foreach (string shape in ColumnShapes.Names)
            {
                long[] values = ColumnShapes.Make(shape, count, seed++);
                EncodedColumn encoded = encoder.Encode(values);
                var decoded = new long[count];
                Assert.True(ColumnDecoder.TryDecode(encoded.Encoding, encoder.Payload, decoded));
                Assert.Equal(values, decoded);
            }
        }
    }

    [Fact]
    public void Dictionary_bails_out_above_its_limit_and_still_round_trips()
    {
        // 5,000 distinct wide values: more than the dictionary may hold.
        var random = new Random(11);
        long[] pool = Enumerable.Range(0, 5000).Select(_ => random.NextInt64()).ToArray();
        long[] values = Enumerable.Range(0, 65_536).Select(_ => pool[random.Next(pool.Length)]).ToArray();
        var encoder = new ColumnEncoder();
        EncodedColumn encoded = encoder.Encode(values);
        Assert.NotEqual(ColumnEncoding.Dictionary, encoded.Encoding);
        var decoded = new long[values.Length];
        Assert.True(ColumnDecoder.TryDecode(encoded.Encoding, encoder.Payload, decoded));
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Decoder_refuses_payloads_of_the_wrong_row_count()
    {
        long[] values = ColumnShapes.Make("timestamps", 1000, 5);
        var encoder = new ColumnEncoder();
        EncodedColumn encoded = encoder.Encode(values);
        Assert.False(ColumnDecoder.TryDecode(encoded.Encoding, encoder.Payload, new long[999]));
        Assert.False(ColumnDecoder.TryDecode(encoded.Encoding, encoder.Payload, new long[1001]));
        Assert.False(ColumnDecoder.TryDecode(encoded.Encoding, encoder.Payload[..^1], new long[1000]));
        Assert.False(ColumnDecoder.TryDecode((ColumnEncoding)99, encoder.Payload, new long[1000]));
    }

    [Fact]
    public void Decoder_never_throws_on_random_bytes()
    {
        var random = new Random(13);
        var destination = new long[300];
        for (int i = 0; i < 20_000; i++)
        {
            var payload = new byte[random.Next(0, 64)];
            random.NextBytes(payload);
            var encoding = (ColumnEncoding)random.Next(0, 7);
            int rows = random.Next(1, destination.Length);

            // Any outcome is fine except an exception.
            ColumnDecoder.TryDecode(encoding, payload, destination.AsSpan(0, rows));
        }
    }

    [Fact]
    public void Decoder_never_throws_on_damaged_real_payloads()
    {
        // Mutations of genuine chunks reach deeper than random bytes: valid headers with a wrong width, base or id.
        var random = new Random(17);
        var encoder = new ColumnEncoder();
        foreach (string shape in ColumnShapes.Names)
        {
            long[] values = ColumnShapes.Make(shape, 700, seed: 1);
            EncodedColumn encoded = encoder.Encode(values);
            byte[] payload = encoder.Payload.ToArray();
            var decoded = new long[values.Length];
            for (int i = 0; i < 300; i++)
            {
                byte[] damaged = (byte[])payload.Clone();
                for (int k = random.Next(1, 4); k > 0; k--)
                {
                    damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
                }

                int length = random.Next(4) == 0 ? random.Next(damaged.Length + 1) : damaged.Length;
                ColumnDecoder.TryDecode(encoded.Encoding, damaged.AsSpan(0, length), decoded);
            }
        }
    }

    [Fact]
    public void VarInt_round_trips_edge_values()
    {
        ulong[] values = [0, 1, 127, 128, 16_383, 16_384, uint.MaxValue, long.MaxValue, ulong.MaxValue];
        var buffer = new byte[VarInt.MaxLength];
        foreach (ulong value in values)
        {
            int written = 0;
            VarInt.Write(buffer, ref written, value);
            Assert.Equal(VarInt.Length(value), written);
            int read = 0;
            Assert.True(VarInt.TryRead(buffer, ref read, out ulong back));
            Assert.Equal(value, back);
            Assert.Equal(written, read);
        }

        foreach (long signed in new[] { 0L, -1, 1, long.MinValue, long.MaxValue })
        {
            Assert.Equal(signed, VarInt.UnZigZag(VarInt.ZigZag(signed)));
        }
    }
}
