namespace TraceLab.Store.Encoding;

/// <summary>
/// Reads a packed stream, the body shared by the frame-of-reference, delta and dictionary encodings:
/// <c>varint factor</c> (≥ 1), then blocks of <see cref="BlockSize"/> values (the last may be shorter), each
/// <c>varint zigzag(base - previous base)</c>, <c>u8 width | scaled &lt;&lt; 7</c>, then <c>value - base</c> (divided
/// by the factor when the block's scaled bit is set) bit-packed at that width. Per-block bases and widths keep one outlier (a long idle gap in a timestamp column) from widening a whole
/// row group, at a cost of about 2 bytes per 128 values.
/// </summary>
internal static class PackedBlocks
{
    public const int BlockSize = 128;

    /// <summary>Bit 7 of a block's width byte: the block's values are stored divided by the stream's factor.</summary>
    public const int ScaledFlag = 0x80;

    /// <summary>
    /// Decodes <c>destination.Length</c> values starting at <paramref name="position"/>, advancing it past the stream.
    /// Returns false when the stream is malformed (ends early, width above 64, factor 0); never reads outside
    /// <paramref name="source"/>.
    /// </summary>
    public static bool TryRead<TSink>(ReadOnlySpan<byte> source, ref int position, Span<long> destination, ref TSink sink)
        where TSink : struct, IValueSink
    {
        if (!VarInt.TryRead(source, ref position, out ulong factor) || factor == 0)
        {
            return false;
        }

        var scale = new FactorScale(factor);
        long previousBase = 0;
        for (int start = 0; start < destination.Length; start += BlockSize)
        {
            int count = Math.Min(BlockSize, destination.Length - start);
            if (!VarInt.TryRead(source, ref position, out ulong zigzag) || position >= source.Length)
            {
                return false;
            }

            long blockBase = unchecked(previousBase + VarInt.UnZigZag(zigzag));
            previousBase = blockBase;
            int width = source[position] & ~ScaledFlag;
            bool scaled = (source[position++] & ScaledFlag) != 0;
            if (width > 64)
            {
                return false;
            }

            int length = BitPacker.PackedLength(count, width);
            if (length > source.Length - position)
            {
                return false;
            }

            Span<long> block = destination.Slice(start, count);
            if (scaled)
            {
                BitPacker.Unpack(source[position..], width, blockBase, scale, block, ref sink);
            }
            else
            {
                BitPacker.Unpack(source[position..], width, blockBase, default(UnitScale), block, ref sink);
            }

            position += length;
        }

        return true;
    }
}
