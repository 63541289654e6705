using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TraceLab.Store.Encoding;

/// <summary>
/// The delta stream of a chunk, <c>values[i + 1] - values[i]</c> (wrapping), computed a block at a time: a delta
/// array as long as the chunk would push the values out of the L2 cache that the other passes read them from.
/// </summary>
internal readonly ref struct DeltaBlocks : IBlockSource
{
    private readonly ReadOnlySpan<long> _values;

    /// <param name="values">The chunk (at least one value); the stream has one value fewer.</param>
    public DeltaBlocks(ReadOnlySpan<long> values) => _values = values;

    public int Count => _values.Length - 1;

    public ReadOnlySpan<long> Block(int block, Span<long> buffer)
    {
        int start = block * PackedBlocks.BlockSize;
        int length = Math.Min(PackedBlocks.BlockSize, Count - start);
        ReadOnlySpan<long> values = _values.Slice(start, length + 1);
        Span<long> deltas = buffer[..length];
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref long source = ref MemoryMarshal.GetReference(values);
            ref long target = ref MemoryMarshal.GetReference(deltas);
            for (; i + 4 <= length; i += 4)
            {
                (Vector256.LoadUnsafe(ref source, (nuint)(i + 1)) - Vector256.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            deltas[i] = unchecked(values[i + 1] - values[i]);
        }

        return deltas;
    }
}
