using TraceLab.Store.Encoding;

namespace TraceLab.Store.Tests;

/// <summary>
/// The null-masked encoding (docs/store-format.md, "NullMasked"): round trips of every null pattern at the edges of
/// bitmap bytes, 64-row words and 128-row blocks, the documented bytes, and malformed payloads. Payloads are built
/// here with the null layer forced, so the layout is tested whether or not the encoder would pick it.
/// </summary>
public class NullMaskedTests
{
    public static TheoryData<string, int> PatternsAndCounts()
    {
        var data = new TheoryData<string, int>();
        foreach (string pattern in new[] { "one-value-first", "one-value-last", "one-value-middle", "one-null", "alternating", "alternating-odd", "edges", "runs", "random" })
        {
            foreach (int count in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 127, 128, 129, 1000, 65_536 })
            {
                data.Add(pattern, count);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PatternsAndCounts))]
    public void Null_patterns_round_trip(string pattern, int count)
    {
        var random = new Random(count);
        var values = new long[count];
        for (int i = 0; i < count; i++)
        {
            bool isNull = pattern switch
            {
                "one-value-first" => i != 0,
                "one-value-last" => i != count - 1,
                "one-value-middle" => i != count / 2,
                "one-null" => i == count / 2,
                "alternating" => i % 2 == 0,
                "alternating-odd" => i % 2 == 1,
                "edges" => i % 64 == 0 || i % 64 == 63 || i % 128 == 127 || i == count - 1,
                "runs" => i / 70 % 2 == 0,
                _ => random.Next(5) == 0,
            };

            // Present values include the extremes, so the inner encoding's wrapping arithmetic is exercised too.
            values[i] = isNull ? NullMask.Null : i % 97 == 5 ? long.MinValue : i % 89 == 7 ? long.MaxValue : 1000 + (3L * i);
        }

        if (values.Contains(NullMask.Null) && values.Any(v => v != NullMask.Null))
        {
            var decoded = new long[count];
            Assert.True(ColumnDecoder.TryDecode(ColumnEncoding.NullMasked, Forced(values), decoded));
            Assert.Equal(values, decoded);
        }

        // And whatever the encoder itself picks.
        var encoder = new ColumnEncoder();
        EncodedColumn encoded = encoder.Encode(values);
        var again = new long[count];
        Assert.True(ColumnDecoder.TryDecode(encoded.Encoding, encoder.Payload, again));
        Assert.Equal(values, again);
    }

    [Fact]
    public void All_minus_one_is_a_constant()
    {
        var values = new long[1000];
        Array.Fill(values, NullMask.Null);
        Assert.Equal(ColumnEncoding.Constant, new ColumnEncoder().Encode(values).Encoding);
    }

    [Fact]
    public void Row_numbers_with_none_get_a_bitmap_and_a_delta_inside()
    {
        long[] values = ColumnShapes.Make("companion-rows", 65_536, seed: 9);
        var encoder = new ColumnEncoder();
        EncodedColumn encoded = encoder.Encode(values);
        Assert.Equal(ColumnEncoding.NullMasked, encoded.Encoding);
        Assert.Equal((byte)ColumnEncoding.Delta, encoder.Payload[0]);
    }

    [Fact]
    public void Null_masked_chunk_matches_the_bytes_in_the_format_doc()
    {
        // docs/store-format.md: rows -1, 7, 8, -1, 9 as a bitmap 0x16 and a frame-of-reference chunk of 7, 8, 9.
        var decoded = new long[5];
        Assert.True(ColumnDecoder.TryDecode(ColumnEncoding.NullMasked, DocExample, decoded));
        Assert.Equal(new long[] { -1, 7, 8, -1, 9 }, decoded);
        Assert.Equal(DocExample, Forced([-1, 7, 8, -1, 9]));
    }

    [Theory]
    [InlineData(0, (byte)ColumnEncoding.NullMasked, "a null-masked chunk inside a null-masked chunk")]
    [InlineData(0, 6, "an unknown inner encoding")]
    [InlineData(1, 0x36, "a bitmap bit past the last row")]
    [InlineData(1, 0x00, "no row holding a value")]
    [InlineData(1, 0x1F, "five values for an inner chunk of three")]
    public void Malformed_payloads_are_rejected(int offset, byte value, string what)
    {
        byte[] payload = (byte[])DocExample.Clone();
        payload[offset] = value;
        Assert.False(ColumnDecoder.TryDecode(ColumnEncoding.NullMasked, payload, new long[5]), what);
    }

    [Fact]
    public void Short_payloads_are_rejected()
    {
        for (int length = 0; length < DocExample.Length; length++)
        {
            Assert.False(ColumnDecoder.TryDecode(ColumnEncoding.NullMasked, DocExample.AsSpan(0, length), new long[5]));
        }

        // A bitmap for five rows read as one for 9 rows is a byte short.
        Assert.False(ColumnDecoder.TryDecode(ColumnEncoding.NullMasked, DocExample.AsSpan(0, 2), new long[9]));
    }

    [Fact]
    public void Expand_spreads_values_like_a_naive_loop()
    {
        // Every split of values and nulls over short lengths (all 4-row groups of the vector path, the scalar tail,
        // whole 64-row words), then random bitmaps.
        var random = new Random(3);
        for (int round = 0; round < 3000; round++)
        {
            int n = round < 1024 ? 10 : random.Next(1, 300);
            ulong pattern = round < 1024 ? (ulong)round : 0;
            var isValue = new bool[n];
            for (int i = 0; i < n; i++)
            {
                isValue[i] = round < 1024 ? ((pattern >> i) & 1) != 0 : random.Next(100) < (round % 100);
            }

            int present = isValue.Count(x => x);
            if (present == 0)
            {
                continue;
            }

            var bitmap = new byte[NullMask.Length(n)];
            var expected = new long[n];
            var rows = new long[n];
            int k = 0;
            for (int i = 0; i < n; i++)
            {
                bitmap[i >> 3] |= (byte)(isValue[i] ? 1 << (i & 7) : 0);
                expected[i] = isValue[i] ? 500 + k : NullMask.Null;
                if (isValue[i])
                {
                    rows[n - present + k++] = expected[i];
                }
            }

            Assert.Equal(present, NullMask.CountPresent(bitmap, n));
            NullMask.Expand(bitmap, rows, present);
            Assert.Equal(expected, rows);
        }
    }

    /// <summary>The payload of <c>-1, 7, 8, -1, 9</c> as the format doc spells it out.</summary>
    internal static byte[] DocExample => [0x02, 0x16, 0x01, 0x0E, 0x02, 0x24];

    /// <summary>A null-masked payload of <paramref name="values"/>: the inner encoding is the encoder's choice for the values that are not -1.</summary>
    private static byte[] Forced(long[] values)
    {
        long[] present = [.. values.Where(v => v != NullMask.Null)];
        var bitmap = new byte[NullMask.Length(values.Length)];
        for (int i = 0; i < values.Length; i++)
        {
            bitmap[i >> 3] |= (byte)(values[i] != NullMask.Null ? 1 << (i & 7) : 0);
        }

        var encoder = new ColumnEncoder();
        EncodedColumn inner = encoder.Encode(present);
        return [(byte)inner.Encoding, .. bitmap, .. encoder.Payload];
    }
}
