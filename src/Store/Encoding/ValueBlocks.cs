namespace TraceLab.Store.Encoding;

/// <summary>A stream that is the values themselves (frame of reference, dictionary ids).</summary>
internal readonly ref struct ValueBlocks : IBlockSource
{
    private readonly ReadOnlySpan<long> _values;

    public ValueBlocks(ReadOnlySpan<long> values) => _values = values;

    public int Count => _values.Length;

    public ReadOnlySpan<long> Block(int block, Span<long> buffer)
    {
        int start = block * PackedBlocks.BlockSize;
        return _values.Slice(start, Math.Min(PackedBlocks.BlockSize, _values.Length - start));
    }
}
