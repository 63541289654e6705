using TraceLab.Store.Schema;

namespace TraceLab.Store;

/// <summary>A table held in memory as a list of full or partial <see cref="ColumnBatch"/> row groups.</summary>
public sealed class MemoryTable : ITableSource
{
    private readonly List<ColumnBatch> _groups = [];
    private readonly List<long> _firstRows = [];

    public MemoryTable(TableSchema schema) => Schema = schema;

    public TableSchema Schema { get; }

    public long RowCount { get; private set; }

    public int RowGroupCount => _groups.Count;

    /// <summary>Adds a row group; the table keeps the batch, so the caller must not reuse it.</summary>
    public void Add(ColumnBatch batch)
    {
        if (!ReferenceEquals(batch.Schema, Schema) && batch.Schema.Columns.Length != Schema.Columns.Length)
        {
            throw new ArgumentException($"Batch of table '{batch.Schema.Name}' does not fit table '{Schema.Name}'.", nameof(batch));
        }

        if (batch.Count == 0)
        {
            return;
        }

        _firstRows.Add(RowCount);
        _groups.Add(batch);
        RowCount += batch.Count;
    }

    public int RowGroupRowCount(int rowGroup) => _groups[rowGroup].Count;

    public long RowGroupFirstRow(int rowGroup) => _firstRows[rowGroup];

    public (long Min, long Max) ColumnRange(int rowGroup, int column)
    {
        Span<long> rows = _groups[rowGroup].Rows(column);
        long min = long.MaxValue, max = long.MinValue;
        foreach (long v in rows)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return (min, max);
    }

    public void ReadColumn(int rowGroup, int column, Span<long> destination) =>
        _groups[rowGroup].Rows(column).CopyTo(destination);
}
