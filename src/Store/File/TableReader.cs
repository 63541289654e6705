using System.Buffers;
using TraceLab.Store.Encoding;
using TraceLab.Store.Schema;

namespace TraceLab.Store;

/// <summary>
/// One table of an open .tlab store. Row counts, first rows and value ranges come from the footer already in memory;
/// <see cref="ReadColumn"/> reads one chunk with a positioned read, verifies its checksum and decodes it. It keeps no
/// per-call state, so any number of threads may read at once.
/// </summary>
public sealed class TableReader : ITableSource
{
    private readonly StoreReader _store;
    private readonly RowGroupEntry[] _groups;

    internal TableReader(StoreReader store, TableSchema schema, RowGroupEntry[] groups)
    {
        _store = store;
        Schema = schema;
        _groups = groups;
        foreach (RowGroupEntry group in groups)
        {
            RowCount += group.RowCount;
        }
    }

    public TableSchema Schema { get; }

    public long RowCount { get; }

    public int RowGroupCount => _groups.Length;

    public int RowGroupRowCount(int rowGroup) => Group(rowGroup).RowCount;

    public long RowGroupFirstRow(int rowGroup) => Group(rowGroup).FirstRow;

    public (long Min, long Max) ColumnRange(int rowGroup, int column)
    {
        ColumnChunkInfo chunk = GetChunkInfo(rowGroup, column);
        return (chunk.Min, chunk.Max);
    }

    /// <summary>Where a column chunk is and how it is encoded (for size reports).</summary>
    public ColumnChunkInfo GetChunkInfo(int rowGroup, int column)
    {
        ColumnChunkInfo[] chunks = Group(rowGroup).Chunks;
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, chunks.Length);
        return chunks[column];
    }

    /// <summary>
    /// Decodes a column of a row group into the first <see cref="RowGroupRowCount"/> elements of
    /// <paramref name="destination"/>. Throws <see cref="StoreFormatException"/> when the chunk is damaged.
    /// </summary>
    public void ReadColumn(int rowGroup, int column, Span<long> destination)
    {
        RowGroupEntry group = Group(rowGroup);
        ColumnChunkInfo chunk = GetChunkInfo(rowGroup, column);
        if (destination.Length < group.RowCount)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; row group {rowGroup} has {group.RowCount} rows.", nameof(destination));
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(chunk.Length);
        try
        {
            Span<byte> bytes = buffer.AsSpan(0, chunk.Length);
            _store.ReadExact(chunk.Offset, bytes);
            if (Crc32C.Compute(bytes) != chunk.Checksum)
            {
                throw StoreFormatException.Corrupt(_store.Path, $"checksum mismatch in {Describe(rowGroup, column)}");
            }

            if (!ColumnDecoder.TryDecode(chunk.Encoding, bytes, destination[..group.RowCount]))
            {
                throw StoreFormatException.Corrupt(_store.Path, $"{Describe(rowGroup, column)} does not decode as {chunk.Encoding}");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private RowGroupEntry Group(int rowGroup)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowGroup);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rowGroup, _groups.Length);
        return _groups[rowGroup];
    }

    private string Describe(int rowGroup, int column) =>
        $"column '{Schema.Columns[column].Name}' of row group {rowGroup} of table '{Schema.Name}'";
}
