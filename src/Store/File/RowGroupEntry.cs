namespace TraceLab.Store;

/// <summary>A row group as the footer indexes it: its table, its place in the table and one chunk per column.</summary>
internal sealed record RowGroupEntry(int Table, long FirstRow, int RowCount, ColumnChunkInfo[] Chunks);
