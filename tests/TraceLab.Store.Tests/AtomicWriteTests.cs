using TraceLab.Store.Schema;

namespace TraceLab.Store.Tests;

public sealed class AtomicWriteTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Dispose_without_commit_leaves_the_old_store_byte_identical_and_no_temp_files()
    {
        string path = _dir.File("store.tlab");
        TestStores.WriteMixed(path);
        byte[] before = File.ReadAllBytes(path);

        using (var writer = StoreWriter.Create(path))
        {
            TestStores.Batches(EventColumns.Schema, 9, 1000, 1000).ForEach(writer.WriteRowGroup);
            writer.WriteMetadata(new Metadata.StoreMetadata { Writer = "second" });

            // While the new store is being written, the old one is still in place and a temp file sits beside it.
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(_dir.Path, "store.tlab.tmp-*"));
        }

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void Commit_replaces_the_old_store_and_removes_the_temp_file()
    {
        string path = _dir.File("store.tlab");
        TestStores.WriteMixed(path);

        List<ColumnBatch> exits = TestStores.Batches(ExitColumns.Schema, 4, 500);
        using (var writer = StoreWriter.Create(path))
        {
            exits.ForEach(writer.WriteRowGroup);
            writer.WriteMetadata(new Metadata.StoreMetadata { Writer = "second" });
            writer.Commit();
        }

        Assert.Equal([path], Directory.GetFiles(_dir.Path));
        using StoreReader reader = StoreReader.Open(path);
        Assert.Equal("second", reader.Metadata.Writer);
        Assert.Null(reader.GetTable("events"));
        TestStores.AssertTable(reader.GetTable("exits")!, exits);
    }

    [Fact]
    public void Writer_that_never_commits_creates_nothing()
    {
        string path = _dir.File("new.tlab");
        using (var writer = StoreWriter.Create(path))
        {
            TestStores.Batches(TestStores.Small, 1, 10).ForEach(writer.WriteRowGroup);
        }

        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void A_reader_of_the_old_store_keeps_reading_it_after_a_commit_replaces_it()
    {
        string path = _dir.File("store.tlab");
        (List<ColumnBatch> events, List<ColumnBatch> small) = TestStores.WriteMixed(path);
        using StoreReader old = StoreReader.Open(path);

        using (var writer = StoreWriter.Create(path))
        {
            writer.Commit();
        }

        TestStores.AssertMixed(old, events, small);
        using StoreReader current = StoreReader.Open(path);
        Assert.Empty(current.Tables);
    }

    [Fact]
    public void Two_writers_to_one_path_use_separate_temp_files()
    {
        string path = _dir.File("store.tlab");
        using var first = StoreWriter.Create(path);
        using var second = StoreWriter.Create(path);
        Assert.Equal(2, Directory.GetFiles(_dir.Path, "store.tlab.tmp-*").Length);
    }
}
