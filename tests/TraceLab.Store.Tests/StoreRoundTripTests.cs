using TraceLab.Store.Encoding;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;

namespace TraceLab.Store.Tests;

public sealed class StoreRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Interleaved_tables_pools_and_metadata_round_trip()
    {
        string path = _dir.File("mixed.tlab");
        (List<ColumnBatch> events, List<ColumnBatch> small) = TestStores.WriteMixed(path);

        using StoreReader reader = StoreReader.Open(path);
        TestStores.AssertMixed(reader, events, small);
        Assert.Equal(StoreFormat.Version, reader.FormatVersion);
        Assert.Equal(["events", "small"], reader.Tables.Select(t => t.Schema.Name));
    }

    [Fact]
    public void Known_tables_come_back_as_the_code_schema_instances()
    {
        string path = _dir.File("known.tlab");
        using (var writer = StoreWriter.Create(path))
        {
            writer.WriteRowGroup(TestStores.Batches(EventColumns.Schema, 1, 10)[0]);
            writer.WriteRowGroup(TestStores.Batches(ExitColumns.Schema, 2, 10)[0]);
            writer.WriteRowGroup(TestStores.Batches(TestStores.Small, 3, 10)[0]);
            writer.Commit();
        }

        using StoreReader reader = StoreReader.Open(path);
        Assert.Same(EventColumns.Schema, reader.GetTable("events")!.Schema);
        Assert.Same(ExitColumns.Schema, reader.GetTable("exits")!.Schema);
        TableSchema small = reader.GetTable("small")!.Schema;
        Assert.NotSame(TestStores.Small, small);
        Assert.Equal(TestStores.Small.Doc, small.Doc);
        Assert.Equal(TestStores.Small.Columns.ToArray(), small.Columns.ToArray());
        Assert.IsType<TableReader>(reader.GetTable("small"));
        Assert.Null(reader.GetTable("missing"));
    }

    [Fact]
    public void Full_row_groups_of_every_shape_round_trip()
    {
        string path = _dir.File("full.tlab");
        List<ColumnBatch> exits = TestStores.Batches(ExitColumns.Schema, 7, 65_536, 65_536, 1);
        using (var writer = StoreWriter.Create(path))
        {
            exits.ForEach(writer.WriteRowGroup);
            writer.Commit();
        }

        using StoreReader reader = StoreReader.Open(path);
        TestStores.AssertTable(reader.GetTable("exits")!, exits);
    }

    [Fact]
    public void Empty_batch_registers_an_empty_table()
    {
        string path = _dir.File("empty.tlab");
        using (var writer = StoreWriter.Create(path))
        {
            writer.WriteRowGroup(new ColumnBatch(ExitColumns.Schema, 16));
            writer.Commit();
        }

        using StoreReader reader = StoreReader.Open(path);
        ITableSource exits = reader.GetTable("exits")!;
        Assert.Equal(0, exits.RowCount);
        Assert.Equal(0, exits.RowGroupCount);
        Assert.Equal(new StoreMetadata().TimeUnit, reader.Metadata.TimeUnit);
    }

    [Fact]
    public void Empty_store_opens()
    {
        string path = _dir.File("nothing.tlab");
        using (var writer = StoreWriter.Create(path))
        {
            writer.Commit();
        }

        using StoreReader reader = StoreReader.Open(path);
        Assert.Empty(reader.Tables);
        Assert.Empty(reader.GetStringPool(StringPools.Tasks));
        // Header, footer (three zero counts and an empty metadata entry), trailer.
        Assert.Equal(32 + 12 + 16 + 32, new FileInfo(path).Length);
    }

    [Fact]
    public void Chunk_info_reports_encoding_and_range()
    {
        string path = _dir.File("info.tlab");
        var batch = new ColumnBatch(TestStores.Small, 1000) { Count = 1000 };
        for (int i = 0; i < 1000; i++)
        {
            batch.Column(0)[i] = 5;
            batch.Column(1)[i] = i;
            batch.Column(2)[i] = -i * 3 % 7;
        }

        using (var writer = StoreWriter.Create(path))
        {
            writer.WriteRowGroup(batch);
            writer.Commit();
        }

        using StoreReader reader = StoreReader.Open(path);
        var table = (TableReader)reader.GetTable("small")!;
        Assert.Equal(ColumnEncoding.Constant, table.GetChunkInfo(0, 0).Encoding);
        Assert.Equal(ColumnEncoding.Delta, table.GetChunkInfo(0, 1).Encoding);
        Assert.Equal((0L, 999L), table.ColumnRange(0, 1));
        Assert.Equal((-6L, 0L), table.ColumnRange(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.ReadColumn(1, 0, new long[1000]));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.ReadColumn(0, 3, new long[1000]));
        Assert.Throws<ArgumentException>(() => table.ReadColumn(0, 0, new long[999]));
    }

    [Fact]
    public void Two_threads_read_the_same_store_at_once()
    {
        string path = _dir.File("threads.tlab");
        (List<ColumnBatch> events, _) = TestStores.WriteMixed(path);
        using StoreReader reader = StoreReader.Open(path);
        ITableSource table = reader.GetTable("events")!;

        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            int g = i % table.RowGroupCount;
            int c = i % table.Schema.Columns.Length;
            var decoded = new long[table.RowGroupRowCount(g)];
            table.ReadColumn(g, c, decoded);
            Assert.Equal(events[g].Rows(c).ToArray(), decoded);
            Assert.Equal(TestStores.Tasks, reader.GetStringPool(StringPools.Tasks));
        });
    }

    [Fact]
    public void Writer_rejects_misuse()
    {
        string path = _dir.File("misuse.tlab");
        using var writer = StoreWriter.Create(path);
        writer.WriteRowGroup(TestStores.Batches(TestStores.Small, 1, 5)[0]);
        var otherSmall = new TableSchema("small", "", [new ColumnDef("x", "", "")]);
        Assert.Throws<ArgumentException>(() => writer.WriteRowGroup(new ColumnBatch(otherSmall, 1) { Count = 1 }));
        writer.WriteStringPool("tasks", []);
        Assert.Throws<InvalidOperationException>(() => writer.WriteStringPool("tasks", []));
        writer.WriteMetadata(new StoreMetadata());
        Assert.Throws<InvalidOperationException>(() => writer.WriteMetadata(new StoreMetadata()));
        writer.Commit();
        Assert.Throws<ObjectDisposedException>(() => writer.Commit());
        Assert.Throws<ObjectDisposedException>(() => writer.WriteRowGroup(TestStores.Batches(TestStores.Small, 1, 5)[0]));
    }

    [Fact]
    public void IsStore_sniffs_without_throwing()
    {
        string store = _dir.File("s.tlab");
        TestStores.WriteMixed(store);
        string text = _dir.File("t.txt");
        File.WriteAllText(text, "cpus=4\n");
        string empty = _dir.File("empty");
        File.WriteAllBytes(empty, []);

        Assert.True(StoreReader.IsStore(store));
        Assert.False(StoreReader.IsStore(text));
        Assert.False(StoreReader.IsStore(empty));
        Assert.False(StoreReader.IsStore(_dir.File("missing")));
        Assert.False(StoreReader.IsStore(_dir.Path));
        Assert.False(StoreReader.IsStore(_dir.File("no/such/dir/x")));
    }
}
