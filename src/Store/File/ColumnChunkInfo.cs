using TraceLab.Store.Encoding;

namespace TraceLab.Store;

/// <summary>
/// Where one column of one row group lives in a .tlab file and how it is encoded, as indexed by the footer.
/// Exposed for size reports and diagnostics; readers normally just call <c>TableReader.ReadColumn</c>.
/// </summary>
/// <param name="Offset">Byte offset of the chunk in the file.</param>
/// <param name="Length">Encoded length in bytes.</param>
/// <param name="Encoding">How the chunk is encoded.</param>
/// <param name="Min">Smallest value in the chunk.</param>
/// <param name="Max">Largest value in the chunk.</param>
/// <param name="Checksum">CRC-32C of the chunk's bytes.</param>
public readonly record struct ColumnChunkInfo(long Offset, int Length, ColumnEncoding Encoding, long Min, long Max, uint Checksum);
