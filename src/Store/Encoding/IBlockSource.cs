namespace TraceLab.Store.Encoding;

/// <summary>
/// A packed stream's values, handed out one 128-value block at a time, so that a stream derived from the chunk (the
/// differences of a delta stream) is computed block by block into an L1-resident buffer instead of being stored
/// whole. Implemented by ref structs passed as generic arguments: no allocation, no virtual call.
/// </summary>
internal interface IBlockSource
{
    /// <summary>Number of values in the stream.</summary>
    int Count { get; }

    /// <summary>
    /// The values of block <paramref name="block"/>: a slice of the stream, or computed into
    /// <paramref name="buffer"/> (<see cref="PackedBlocks.BlockSize"/> values long).
    /// </summary>
    ReadOnlySpan<long> Block(int block, Span<long> buffer);
}
