using System.Collections.Immutable;
using TraceLab.Store.Encoding;
using TraceLab.Store.Schema;

namespace TraceLab.Store;

/// <summary>
/// Parses and validates the footer written by <see cref="FooterWriter"/>. Everything a reader later relies on is
/// checked here once: indexes in range, row numbering consistent, every chunk and blob inside the data area. After
/// this, reading a chunk can only fail on its own checksum or content.
/// </summary>
internal static class FooterParser
{
    private const int ChunkEntrySize = 8 + 4 + 1 + 8 + 8 + 4;
    private const int BlobEntrySize = 8 + 4 + 4;

    /// <param name="data">The footer bytes (checksum already verified).</param>
    /// <param name="dataEnd">File offset where the footer starts: chunks and blobs must end at or before it.</param>
    /// <param name="path">File path, for messages.</param>
    public static StoreFooter Parse(ReadOnlySpan<byte> data, long dataEnd, string path)
    {
        var reader = new FooterSpanReader(data, path);
        var footer = new StoreFooter();
        ReadTables(ref reader, footer);
        ReadRowGroups(ref reader, footer, dataEnd);

        int poolCount = reader.ReadCount(4 + BlobEntrySize, "string pools");
        var poolNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < poolCount; i++)
        {
            string name = reader.ReadString();
            if (!poolNames.Add(name))
            {
                throw reader.Corrupt($"string pool '{name}' appears twice in the footer");
            }

            footer.StringPools.Add(new StringPoolEntry(name, ReadBlob(ref reader, dataEnd, $"string pool '{name}'")));
        }

        footer.Metadata = ReadBlob(ref reader, dataEnd, "the metadata");
        if (!reader.AtEnd)
        {
            throw reader.Corrupt("the footer has trailing bytes");
        }

        return footer;
    }

    private static void ReadTables(ref FooterSpanReader reader, StoreFooter footer)
    {
        int tableCount = reader.ReadCount(12, "tables");
        for (int t = 0; t < tableCount; t++)
        {
            string name = reader.ReadString();
            string doc = reader.ReadString();
            int columnCount = reader.ReadCount(12, "columns");
            if (columnCount == 0 || footer.Tables.Exists(x => string.Equals(x.Name, name, StringComparison.Ordinal)))
            {
                throw reader.Corrupt($"table '{name}' is listed twice or has no columns");
            }

            var columns = ImmutableArray.CreateBuilder<ColumnDef>(columnCount);
            for (int c = 0; c < columnCount; c++)
            {
                columns.Add(new ColumnDef(reader.ReadString(), reader.ReadString(), reader.ReadString()));
            }

            footer.Tables.Add(KnownSchemas.Resolve(name, doc, columns.MoveToImmutable()));
        }
    }

    private static void ReadRowGroups(ref FooterSpanReader reader, StoreFooter footer, long dataEnd)
    {
        int groupCount = reader.ReadCount(16 + ChunkEntrySize, "row groups");
        var rowsSoFar = new long[footer.Tables.Count];
        for (int g = 0; g < groupCount; g++)
        {
            uint table = reader.ReadUInt32();
            long firstRow = reader.ReadInt64();
            uint rowCount = reader.ReadUInt32();
            if (table >= (uint)footer.Tables.Count)
            {
                throw reader.Corrupt($"row group {g} refers to table {table}, but there are {footer.Tables.Count}");
            }

            if (rowCount == 0 || rowCount > StoreFormat.MaxRowGroupRows || firstRow != rowsSoFar[table])
            {
                throw reader.Corrupt($"row group {g} has {rowCount} rows from row {firstRow}, expected rows from {rowsSoFar[table]}");
            }

            rowsSoFar[table] += rowCount;
            int columnCount = footer.Tables[(int)table].Columns.Length;
            var chunks = new ColumnChunkInfo[columnCount];
            for (int c = 0; c < columnCount; c++)
            {
                chunks[c] = ReadChunk(ref reader, dataEnd, g, c);
            }

            footer.RowGroups.Add(new RowGroupEntry((int)table, firstRow, (int)rowCount, chunks));
        }
    }

    private static ColumnChunkInfo ReadChunk(ref FooterSpanReader reader, long dataEnd, int group, int column)
    {
        long offset = reader.ReadInt64();
        uint length = reader.ReadUInt32();
        byte encoding = reader.ReadByte();
        long min = reader.ReadInt64();
        long max = reader.ReadInt64();
        uint checksum = reader.ReadUInt32();
        if (!InData(offset, length, dataEnd) || encoding > (byte)ColumnEncoding.NullMasked || min > max)
        {
            throw reader.Corrupt($"the index entry of column {column} in row group {group} is invalid");
        }

        return new ColumnChunkInfo(offset, (int)length, (ColumnEncoding)encoding, min, max, checksum);
    }

    private static BlobEntry ReadBlob(ref FooterSpanReader reader, long dataEnd, string what)
    {
        long offset = reader.ReadInt64();
        uint length = reader.ReadUInt32();
        uint checksum = reader.ReadUInt32();
        if (length != 0 && !InData(offset, length, dataEnd))
        {
            throw reader.Corrupt($"the index entry of {what} points outside the file");
        }

        return new BlobEntry(offset, (int)length, checksum);
    }

    private static bool InData(long offset, uint length, long dataEnd) =>
        offset >= StoreFormat.HeaderSize && length <= int.MaxValue && offset <= dataEnd - length;
}
