using TraceLab.Store.Encoding;

namespace TraceLab.Store.Tests;

/// <summary>
/// Encoding with a <see cref="ColumnHistory"/> (docs/store-format.md: the writer repeats a column's last choice):
/// chunks written without a review must decode exactly like reviewed ones, whatever the column turns into, and the
/// repeated choice must not cost much more than a review would.
/// </summary>
public class ColumnHistoryTests
{
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Repeated_chunks_of_every_shape_decode_to_their_values(string shape)
    {
        // Enough chunks of one shape that most are written without a review; sizes vary so the last one is short.
        var encoder = new ColumnEncoder();
        var history = new ColumnHistory();
        int seed = 0;
        foreach (int count in new[] { 30_000, 30_000, 30_000, 12_345, 30_000, 1_000, 30_000, 129, 30_000, 1 })
        {
            AssertRoundTrips(encoder, history, ColumnShapes.Make(shape, count, seed++));
        }
    }

    [Fact]
    public void A_column_that_changes_character_is_encoded_well_again_by_the_next_review()
    {
        // Every shape followed by others. A chunk whose size per value moves by over 1/8 is reviewed at once; one
        // that happens to keep its size per value in the old winner waits for the periodic review. Either way the
        // new shape is encoded about as well as a full review would by the end of one review interval, and every
        // chunk before that still round-trips.
        const int Rows = 4000;
        var reviewer = new ColumnEncoder();
        int seed = 100;
        foreach (string first in ColumnShapes.Names)
        {
            foreach (string second in new[] { "timestamps", "few-distinct-wide", "companion-rows" })
            {
                var encoder = new ColumnEncoder();
                var history = new ColumnHistory();
                AssertRoundTrips(encoder, history, ColumnShapes.Make(first, Rows, seed++));
                AssertRoundTrips(encoder, history, ColumnShapes.Make(first, Rows, seed++));
                long[] values = [];
                int repeated = 0;
                for (int k = 0; k < ColumnHistory.ReviewInterval; k++)
                {
                    values = ColumnShapes.Make(second, Rows, seed++);
                    repeated = AssertRoundTrips(encoder, history, values);
                }

                int reviewed = reviewer.Encode(values).Length;
                Assert.True(repeated <= reviewed + (reviewed / 8) + 64,
                    $"{second} after {first}: {repeated} bytes with the history, {reviewed} reviewed");
            }
        }
    }

    [Fact]
    public void Edge_values_round_trip_through_repeated_encodings()
    {
        // A column that settles on each encoding in turn, then meets the extremes: -1 nulls, 63-bit values,
        // long.MinValue and long.MaxValue, all equal, a single row, patched exceptions.
        long[][] edges =
        [
            [.. Enumerable.Repeat(-1L, 5000)],
            [.. Enumerable.Range(0, 5000).Select(i => i % 3 == 0 ? -1L : i)],
            [.. Enumerable.Range(0, 5000).Select(i => (long)(((ulong)i * 0x9E37_79B9_7F4A_7C15UL) >> 1))],
            [.. Enumerable.Range(0, 5000).Select(i => i % 7 == 0 ? long.MinValue : i % 5 == 0 ? long.MaxValue : i)],
            [long.MaxValue],
            [long.MinValue],
            [.. Enumerable.Range(0, 5000).Select(i => i % 97 == 0 ? 1L << 47 : i % 4)],
            [.. Enumerable.Range(0, 5000).Select(i => i % 2 == 0 ? long.MinValue : long.MaxValue)],
        ];
        foreach (string settle in new[] { "small-range", "timestamps", "few-distinct-wide", "companion-rows", "us-timestamps" })
        {
            var encoder = new ColumnEncoder();
            var history = new ColumnHistory();
            foreach (long[] edge in edges)
            {
                for (int k = 0; k < 3; k++)
                {
                    AssertRoundTrips(encoder, history, ColumnShapes.Make(settle, 5000, k));
                }

                AssertRoundTrips(encoder, history, edge);
            }
        }
    }

    [Fact]
    public void Histories_of_different_columns_share_one_encoder()
    {
        // The writer keeps one encoder and a history per column; interleaving columns must not mix them up.
        var encoder = new ColumnEncoder();
        var histories = ColumnShapes.Names.ToDictionary(name => name, _ => new ColumnHistory());
        for (int round = 0; round < 6; round++)
        {
            foreach (string shape in ColumnShapes.Names)
            {
                AssertRoundTrips(encoder, histories[shape], ColumnShapes.Make(shape, 10_000, round));
            }
        }
    }

    public static TheoryData<string> Shapes()
    {
        var data = new TheoryData<string>();
        foreach (string shape in ColumnShapes.Names)
        {
            data.Add(shape);
        }

        return data;
    }

    private static int AssertRoundTrips(ColumnEncoder encoder, ColumnHistory history, long[] values)
    {
        EncodedColumn encoded = encoder.Encode(values, history);
        Assert.Equal(encoder.Payload.Length, encoded.Length);
        Assert.Equal(values.Min(), encoded.Min);
        Assert.Equal(values.Max(), encoded.Max);
        var decoded = new long[values.Length];
        Assert.True(ColumnDecoder.TryDecode(encoded.Encoding, encoder.Payload, decoded), $"{encoded.Encoding} did not decode");
        Assert.Equal(values, decoded);
        return encoded.Length;
    }
}
