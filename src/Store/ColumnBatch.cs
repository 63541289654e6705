using TraceLab.Store.Schema;

namespace TraceLab.Store;

/// <summary>
/// A row group being filled: one <c>long[]</c> per column, all of the same capacity. Ingest appends rows column by
/// column and hands full batches to the store writer; readers decode row groups into batches.
/// </summary>
public sealed class ColumnBatch
{
    private readonly long[][] _columns;

    public ColumnBatch(TableSchema schema, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Schema = schema;
        Capacity = capacity;
        _columns = new long[schema.Columns.Length][];
        for (int i = 0; i < _columns.Length; i++)
        {
            _columns[i] = new long[capacity];
        }
    }

    public TableSchema Schema { get; }

    public int Capacity { get; }

    /// <summary>Rows filled so far.</summary>
    public int Count { get; set; }

    public bool IsFull => Count == Capacity;

    /// <summary>The whole backing array of a column (valid rows are <c>[0, Count)</c>).</summary>
    public long[] Column(int index) => _columns[index];

    /// <summary>The valid rows of a column.</summary>
    public Span<long> Rows(int index) => _columns[index].AsSpan(0, Count);

    /// <summary>Starts a new row and returns its index; the caller sets every column of it.</summary>
    public int AddRow()
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException("The batch is full; flush it before adding rows.");
        }

        return Count++;
    }

    public void Clear() => Count = 0;
}
