using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Reads a packed stream, the body shared by the frame-of-reference, delta and dictionary encodings:
/// <c>varint factor</c> (≥ 1), then blocks of <see cref="BlockSize"/> values (the last may be shorter), each
/// <c>varint zigzag(base - previous base)</c>, <c>u8 code | scaled &lt;&lt; 7</c>, then <c>value - base</c> (divided
/// by the factor when the block's scaled bit is set) bit-packed at the block's width. Per-block bases and widths keep
/// one outlier (a long idle gap in a timestamp column) from widening a whole row group, at a cost of about 2 bytes
/// per 128 values. A code of 0..64 is the width itself; a code of 65..127 marks a patched block of width
/// code - 65, whose packed values hold only the low bits and whose exceptions, listed after the packed bytes, supply
/// the high bits of the few values that do not fit (patched frame of reference: one 48-bit address among small enum
/// values costs its own bytes instead of widening 127 neighbours to 48 bits).
/// </summary>
internal static class PackedBlocks
{
    public const int BlockSize = 128;

    /// <summary>Bit 7 of a block's header byte: the block's values are stored divided by the stream's factor.</summary>
    public const int ScaledFlag = 0x80;

    /// <summary>Widest plain block.</summary>
    public const int MaxWidth = 64;

    /// <summary>Codes from here up mark a patched block of width code - <see cref="PatchedCode"/>.</summary>
    public const int PatchedCode = MaxWidth + 1;

    /// <summary>Widest patched block: the largest width a 7-bit code can carry (127 - 65).</summary>
    public const int MaxPatchedWidth = 0x7F - PatchedCode;

    /// <summary>
    /// Decodes <c>destination.Length</c> values starting at <paramref name="position"/>, advancing it past the stream.
    /// Returns false when the stream is malformed (ends early, factor 0, bad exception list); never reads outside
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
            int code = source[position] & ~ScaledFlag;
            bool scaled = (source[position++] & ScaledFlag) != 0;
            bool patched = code >= PatchedCode;
            int width = patched ? code - PatchedCode : code;
            int length = BitPacker.PackedLength(count, width);
            if (length > source.Length - position)
            {
                return false;
            }

            Span<long> block = destination.Slice(start, count);
            if (!patched)
            {
                // The common case: one fused pass (unpack, add the base, scale, run the sink).
                if (scaled)
                {
                    BitPacker.Unpack(source[position..], width, blockBase, scale, block, ref sink);
                }
                else
                {
                    BitPacker.Unpack(source[position..], width, blockBase, default(UnitScale), block, ref sink);
                }

                position += length;
                continue;
            }

            if (!(scaled
                ? TryReadPatched(source, ref position, width, blockBase, scale, block)
                : TryReadPatched(source, ref position, width, blockBase, default(UnitScale), block)))
            {
                return false;
            }

            // The sink runs after patching: a running sum or a dictionary lookup needs the complete values.
            if (typeof(TSink) != typeof(PlainSink))
            {
                Apply(block, ref sink);
            }
        }

        return true;
    }

    /// <summary>Runs <paramref name="sink"/> over a block in place, unrolled by four like the unpack loops.</summary>
    private static void Apply<TSink>(Span<long> block, ref TSink sink)
        where TSink : struct, IValueSink
    {
        TSink local = sink;
        ref long values = ref MemoryMarshal.GetReference(block);
        int j = 0;
        for (; j + 4 <= block.Length; j += 4)
        {
            long v0 = Unsafe.Add(ref values, j), v1 = Unsafe.Add(ref values, j + 1);
            long v2 = Unsafe.Add(ref values, j + 2), v3 = Unsafe.Add(ref values, j + 3);
            Unsafe.Add(ref values, j) = local.Next(v0);
            Unsafe.Add(ref values, j + 1) = local.Next(v1);
            Unsafe.Add(ref values, j + 2) = local.Next(v2);
            Unsafe.Add(ref values, j + 3) = local.Next(v3);
        }

        for (; j < block.Length; j++)
        {
            Unsafe.Add(ref values, j) = local.Next(Unsafe.Add(ref values, j));
        }

        sink = local;
    }

    /// <summary>
    /// Bulk-unpacks a patched block's low bits, then adds each exception's high bits: <c>u8 count - 1</c>,
    /// <c>u8 high width</c>, <c>count × u8 position</c> (strictly increasing), then the high parts bit-packed at the
    /// high width. The patched value is <c>base + scale(low | high &lt;&lt; width)</c>, which, since the two parts share
    /// no bits, is the unpacked value plus <c>scale(high &lt;&lt; width)</c> in wrapping arithmetic.
    /// </summary>
    [SkipLocalsInit]
    private static bool TryReadPatched<TScale>(ReadOnlySpan<byte> source, ref int position, int width, long blockBase, TScale scale, Span<long> block)
        where TScale : struct, IScale
    {
        var plain = default(PlainSink);
        BitPacker.Unpack(source[position..], width, blockBase, scale, block, ref plain);
        position += BitPacker.PackedLength(block.Length, width);
        if (source.Length - position < 2)
        {
            return false;
        }

        int exceptions = source[position] + 1;
        int highWidth = source[position + 1];
        position += 2;

        // Every exception must be needed, and its high part must fit above the low bits: a zero high width, or one
        // that would shift bits out of 64, is malformed.
        if (exceptions > block.Length || highWidth == 0 || highWidth > 64 - width ||
            exceptions > source.Length - position)
        {
            return false;
        }

        ReadOnlySpan<byte> positions = source.Slice(position, exceptions);
        position += exceptions;
        int length = BitPacker.PackedLength(exceptions, highWidth);
        if (length > source.Length - position)
        {
            return false;
        }

        Span<long> highs = stackalloc long[BlockSize];
        BitPacker.Unpack(source[position..], highWidth, 0, default(UnitScale), highs[..exceptions], ref plain);
        position += length;
        int previous = -1;
        for (int x = 0; x < exceptions; x++)
        {
            int at = positions[x];
            ulong high = (ulong)highs[x];
            if (at <= previous || at >= block.Length || high == 0)
            {
                return false;
            }

            block[at] = unchecked(block[at] + (long)scale.Apply(high << width));
            previous = at;
        }

        return true;
    }
}
