using TraceLab.Store;

namespace TraceLab.TestKit;

/// <summary>A whole table read into memory column by column (tests only: fine for the corpus, wrong for a 10 GB store).</summary>
public sealed class TableColumns
{
    private readonly long[][] _columns;

    private TableColumns(long[][] columns, long rows)
    {
        _columns = columns;
        RowCount = checked((int)rows);
    }

    public int RowCount { get; }

    /// <summary>Every row of column <paramref name="column"/> (an index from EventColumns/ExitColumns).</summary>
    public long[] this[int column] => _columns[column];

    /// <summary>Reads <paramref name="table"/>; a missing table reads as zero rows of <paramref name="columnCount"/> columns.</summary>
    public static TableColumns Read(ITableSource? table, int columnCount)
    {
        if (table is null)
        {
            return new TableColumns([.. Enumerable.Range(0, columnCount).Select(_ => Array.Empty<long>())], 0);
        }

        var columns = new long[table.Schema.Columns.Length][];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = new long[table.RowCount];
        }

        for (int g = 0; g < table.RowGroupCount; g++)
        {
            int first = checked((int)table.RowGroupFirstRow(g));
            int count = table.RowGroupRowCount(g);
            for (int c = 0; c < columns.Length; c++)
            {
                table.ReadColumn(g, c, columns[c].AsSpan(first, count));
            }
        }

        return new TableColumns(columns, table.RowCount);
    }
}
