using TraceLab.Store.Schema;

namespace TraceLab.Store;

/// <summary>Serialises a <see cref="StoreFooter"/> (layout in docs/store-format.md, "Footer"; read back by <see cref="FooterParser"/>).</summary>
internal static class FooterWriter
{
    public static void Write(StoreFooter footer, ByteBuffer output)
    {
        output.WriteUInt32((uint)footer.Tables.Count);
        foreach (TableSchema table in footer.Tables)
        {
            output.WriteString(table.Name);
            output.WriteString(table.Doc);
            output.WriteUInt32((uint)table.Columns.Length);
            foreach (ColumnDef column in table.Columns)
            {
                output.WriteString(column.Name);
                output.WriteString(column.Unit);
                output.WriteString(column.Doc);
            }
        }

        output.WriteUInt32((uint)footer.RowGroups.Count);
        foreach (RowGroupEntry group in footer.RowGroups)
        {
            output.WriteUInt32((uint)group.Table);
            output.WriteInt64(group.FirstRow);
            output.WriteUInt32((uint)group.RowCount);
            foreach (ColumnChunkInfo chunk in group.Chunks)
            {
                output.WriteInt64(chunk.Offset);
                output.WriteUInt32((uint)chunk.Length);
                output.WriteByte((byte)chunk.Encoding);
                output.WriteInt64(chunk.Min);
                output.WriteInt64(chunk.Max);
                output.WriteUInt32(chunk.Checksum);
            }
        }

        output.WriteUInt32((uint)footer.StringPools.Count);
        foreach (StringPoolEntry pool in footer.StringPools)
        {
            output.WriteString(pool.Name);
            WriteBlob(output, pool.Blob);
        }

        WriteBlob(output, footer.Metadata);
    }

    private static void WriteBlob(ByteBuffer output, BlobEntry blob)
    {
        output.WriteInt64(blob.Offset);
        output.WriteUInt32((uint)blob.Length);
        output.WriteUInt32(blob.Checksum);
    }
}
