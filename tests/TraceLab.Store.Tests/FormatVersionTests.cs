using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using TraceLab.Store.Encoding;

namespace TraceLab.Store.Tests;

/// <summary>
/// Format versions (docs/store-format.md, "Versioning and compatibility"): what this writer puts in the header, and
/// that stores of version 1 remain readable.
/// </summary>
public sealed class FormatVersionTests : IDisposable
{
    /// <summary>The columns of Fixtures/format-v1.tlab, one per shape, in this order.</summary>
    private static readonly string[] s_v1Shapes =
        ["timestamps", "sparse-minus-one", "small-range", "few-distinct-wide", "random-64", "constant", "us-latency-with-sentinel", "page-addresses"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void New_stores_are_version_2_and_need_a_version_2_reader()
    {
        // Version 1 readers would reject patched blocks and null-masked chunks as damage; the minimum reader version
        // makes them say "newer version" instead.
        string path = _dir.File("new.tlab");
        TestStores.WriteMixed(path);
        byte[] header = File.ReadAllBytes(path)[..StoreFormat.HeaderSize];
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(10)));
        using StoreReader reader = StoreReader.Open(path);
        Assert.Equal(2, reader.FormatVersion);
    }

    [Fact]
    public void Version_1_stores_are_still_read()
    {
        // Written by the version 1 writer (commit 31f8e1d) from the shapes below: a row group of 300 rows and one of 1.
        // Every version 1 chunk is a valid version 2 chunk that uses none of the additions.
        using StoreReader reader = StoreReader.Open(Path.Combine(TestsDirectory(), "Fixtures", "format-v1.tlab"));
        Assert.Equal(1, reader.FormatVersion);
        TableReader table = reader.Tables.Single();
        Assert.Equal(s_v1Shapes, table.Schema.Columns.Select(c => c.Name));
        Assert.Equal(["CPU 0/KVM"], reader.GetStringPool(StringPools.Tasks));
        int seed = 0;
        foreach (int size in new[] { 300, 1 })
        {
            for (int c = 0; c < s_v1Shapes.Length; c++)
            {
                var decoded = new long[size];
                table.ReadColumn(seed, c, decoded);
                Assert.Equal(ColumnShapes.Make(s_v1Shapes[c], size, (seed * 100) + c), decoded);
            }

            seed++;
        }

        // Nothing in it uses an encoding that version 1 did not have.
        for (int g = 0; g < table.RowGroupCount; g++)
        {
            for (int c = 0; c < s_v1Shapes.Length; c++)
            {
                Assert.NotEqual(ColumnEncoding.NullMasked, table.GetChunkInfo(g, c).Encoding);
            }
        }
    }

    private static string TestsDirectory([CallerFilePath] string thisFile = "") => Path.GetDirectoryName(thisFile)!;
}
