using TraceLab.Store.Encoding;

namespace TraceLab.Store.Tests;

public class BitPackerTests
{
    public static TheoryData<int> Widths()
    {
        var data = new TheoryData<int>();
        for (int w = 0; w <= 64; w++)
        {
            data.Add(w);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Every_width_round_trips_at_many_counts(int width)
    {
        var random = new Random(width);
        foreach (int count in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 127, 128 })
        {
            long valueBase = random.NextInt64(long.MinValue, long.MaxValue);
            var values = new long[count];
            for (int i = 0; i < count; i++)
            {
                ulong offset = width == 0 ? 0 : (ulong)random.NextInt64() << 1 ^ (ulong)random.Next(2);
                if (width < 64)
                {
                    offset &= (1UL << width) - 1;
                }

                values[i] = unchecked(valueBase + (long)offset);
            }

            int length = BitPacker.PackedLength(count, width);
            var packed = new byte[length + 16];
            Assert.Equal(length, BitPacker.Pack(values, valueBase, ExactDivisor.One, width, packed));

            // Exactly sized source (slow tail path) and source with slack (fast path) must agree.
            foreach (int sourceLength in new[] { length, length + 7, length + 8, length + 16 })
            {
                var decoded = new long[count];
                var sink = default(PlainSink);
                BitPacker.Unpack(packed.AsSpan(0, sourceLength), width, valueBase, default(UnitScale), decoded, ref sink);
                Assert.Equal(values, decoded);
            }
        }
    }

    [Fact]
    public void Packing_is_least_significant_bit_first()
    {
        // 3-bit values 1, 2, 3, 4 -> bits 001 010 011 100 from the low end: 0b100_011_010_001 = 0x8D1.
        var packed = new byte[2];
        Assert.Equal(2, BitPacker.Pack([1, 2, 3, 4], 0, ExactDivisor.One, 3, packed));
        Assert.Equal(new byte[] { 0xD1, 0x08 }, packed);
    }
}
