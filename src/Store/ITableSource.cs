using TraceLab.Store.Schema;

namespace TraceLab.Store;

/// <summary>
/// Read access to one table as row groups of columns. Implemented by the on-disk reader and by <see cref="MemoryTable"/>.
/// <see cref="ReadColumn"/> must be safe to call from several threads at once (analysis decodes row groups in parallel).
/// </summary>
public interface ITableSource
{
    TableSchema Schema { get; }

    long RowCount { get; }

    int RowGroupCount { get; }

    /// <summary>Number of rows in a row group.</summary>
    int RowGroupRowCount(int rowGroup);

    /// <summary>Row index (in the whole table) of a row group's first row.</summary>
    long RowGroupFirstRow(int rowGroup);

    /// <summary>Smallest and largest value of a column in a row group (lets readers skip groups).</summary>
    (long Min, long Max) ColumnRange(int rowGroup, int column);

    /// <summary>Decodes a column of a row group into <paramref name="destination"/> (length ≥ the group's row count).</summary>
    void ReadColumn(int rowGroup, int column, Span<long> destination);
}
