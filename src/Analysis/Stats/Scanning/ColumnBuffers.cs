using System.Buffers;
using TraceLab.Store;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// One worker's decode buffers, rented from the shared pool once and reused for every row group the worker scans,
/// so scanning allocates nothing per row group. Each buffer is a named slot (<see cref="ColumnSlot"/>).
/// </summary>
internal sealed class ColumnBuffers : IDisposable
{
    private readonly long[]?[] _buffers = new long[ColumnSlot.Count][];
    private readonly int _length;

    public ColumnBuffers(int length) => _length = Math.Max(1, length);

    /// <summary>Decodes a column of a row group into the slot's buffer.</summary>
    public Span<long> Read(ITableSource table, int rowGroup, int column, int slot)
    {
        int rows = table.RowGroupRowCount(rowGroup);
        Span<long> buffer = Buffer(slot, rows);
        table.ReadColumn(rowGroup, column, buffer);
        return buffer;
    }

    /// <summary>
    /// Like <see cref="Read"/>, but a column that holds one value in this row group (its range says so) is filled
    /// instead of decoded: isa, file and vm usually are.
    /// </summary>
    public Span<long> ReadOrFill(ITableSource table, int rowGroup, int column, int slot)
    {
        (long min, long max) = table.ColumnRange(rowGroup, column);
        if (min != max)
        {
            return Read(table, rowGroup, column, slot);
        }

        Span<long> buffer = Buffer(slot, table.RowGroupRowCount(rowGroup));
        buffer.Fill(min);
        return buffer;
    }

    private Span<long> Buffer(int slot, int rows)
    {
        if (rows > _length)
        {
            throw new InvalidOperationException($"Row group of {rows} rows is larger than the {_length} rows planned for.");
        }

        long[] buffer = _buffers[slot] ??= ArrayPool<long>.Shared.Rent(_length);
        return buffer.AsSpan(0, rows);
    }

    public void Dispose()
    {
        for (int i = 0; i < _buffers.Length; i++)
        {
            if (_buffers[i] is { } buffer)
            {
                ArrayPool<long>.Shared.Return(buffer);
                _buffers[i] = null;
            }
        }
    }
}
