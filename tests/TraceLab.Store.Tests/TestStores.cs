using System.Collections.Immutable;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;

namespace TraceLab.Store.Tests;

/// <summary>
/// Builds stores with known content for the round-trip and corruption tests, and checks a store against that content
/// by reading every column of every row group, every pool and the metadata.
/// </summary>
public static class TestStores
{
    public static readonly TableSchema Small = new(
        "small",
        "A test table with three columns.",
        [new ColumnDef("a", "count", "First."), new ColumnDef("b", "hex", "Second."), new ColumnDef("c", "time", "Third.")]);

    public static readonly string[] Tasks = ["CPU 0/KVM", "", "qemu-system-x86", "kvm-pit/7289", "Ünïcödé ✓ 𝄞", "tab\tand\nnewline"];

    /// <summary>Row groups of <paramref name="table"/> with the given sizes, filled from <see cref="ColumnShapes"/> by seed.</summary>
    public static List<ColumnBatch> Batches(TableSchema table, int seed, params int[] sizes)
    {
        var batches = new List<ColumnBatch>();
        foreach (int size in sizes)
        {
            var batch = new ColumnBatch(table, size) { Count = size };
            for (int c = 0; c < table.Columns.Length; c++)
            {
                string shape = ColumnShapes.Names[(c + seed) % ColumnShapes.Names.Length];
                ColumnShapes.Make(shape, size, seed * 1000 + c).CopyTo(batch.Column(c), 0);
            }

            batches.Add(batch);
            seed++;
        }

        return batches;
    }

    public static StoreMetadata Metadata() => new()
    {
        Writer = "TraceLab test 1.0",
        TimeUnit = "ns",
        Events = 1234,
        Exits = 600,
        Entries = 599,
        FirstTimestamp = -5,
        LastTimestamp = long.MaxValue,
        Sources = [new SourceInfo { Path = "trace ä.txt", Format = "ftrace", Bytes = 1L << 40, Lines = 10, Events = 9 }],
        Vcpus = [new VcpuInfo { Vm = 0, Vcpu = 1, Tid = 7289, Task = "CPU 1/KVM", Tgid = 7280, Exits = 600 }],
        Issues =
        [
            new IssueSummary
            {
                Kind = "lost-events", Severity = "data-loss", Count = 2,
                Samples = [new IssueSample { File = "trace ä.txt", Line = 3, Column = 1, Text = "CPU:3 [LOST 12 EVENTS]" }],
            },
        ],
    };

    /// <summary>Writes a store of two interleaved tables (events with 3 groups, small with 2), pools and metadata.</summary>
    public static (List<ColumnBatch> Events, List<ColumnBatch> Small) WriteMixed(string path)
    {
        List<ColumnBatch> events = Batches(EventColumns.Schema, 1, 300, 1, 257);
        List<ColumnBatch> small = Batches(Small, 50, 129, 64);
        using var writer = StoreWriter.Create(path);
        writer.WriteRowGroup(events[0]);
        writer.WriteRowGroup(small[0]);
        writer.WriteStringPool(StringPools.Tasks, Tasks);
        writer.WriteRowGroup(events[1]);
        writer.WriteRowGroup(events[2]);
        writer.WriteMetadata(Metadata());
        writer.WriteRowGroup(small[1]);
        writer.WriteStringPool(StringPools.Files, ["a.txt"]);
        writer.Commit();
        return (events, small);
    }

    /// <summary>Asserts that every column of <paramref name="table"/> reads back as <paramref name="expected"/>.</summary>
    public static void AssertTable(ITableSource table, IReadOnlyList<ColumnBatch> expected)
    {
        Assert.Equal(expected.Count, table.RowGroupCount);
        long firstRow = 0;
        for (int g = 0; g < expected.Count; g++)
        {
            Assert.Equal(expected[g].Count, table.RowGroupRowCount(g));
            Assert.Equal(firstRow, table.RowGroupFirstRow(g));
            firstRow += expected[g].Count;
            for (int c = 0; c < table.Schema.Columns.Length; c++)
            {
                long[] values = expected[g].Rows(c).ToArray();
                var decoded = new long[values.Length + 3];
                table.ReadColumn(g, c, decoded);
                AssertValues(values, decoded.AsSpan(0, values.Length));
                Assert.Equal((values.Min(), values.Max()), table.ColumnRange(g, c));
            }
        }

        Assert.Equal(firstRow, table.RowCount);
    }

    /// <summary>Reads everything <see cref="WriteMixed"/> wrote and compares it.</summary>
    public static void AssertMixed(StoreReader reader, List<ColumnBatch> events, List<ColumnBatch> small)
    {
        AssertTable(reader.GetTable("events")!, events);
        AssertTable(reader.GetTable("small")!, small);
        Assert.Equal(Tasks, reader.GetStringPool(StringPools.Tasks));
        Assert.Equal(["a.txt"], reader.GetStringPool(StringPools.Files));
        Assert.Empty(reader.GetStringPool(StringPools.Reasons));
        Assert.Equal(Json(Metadata()), Json(reader.Metadata));
    }

    /// <summary>Element-wise comparison; fast when equal (xunit's collection diff is slow on big arrays), detailed when not.</summary>
    public static void AssertValues(long[] expected, ReadOnlySpan<long> actual)
    {
        if (!actual.SequenceEqual(expected))
        {
            Assert.Equal(expected, actual.ToArray());
        }
    }

    public static string Json(StoreMetadata metadata) =>
        System.Text.Json.JsonSerializer.Serialize(metadata, StoreJsonContext.Default.StoreMetadata);

    public static ImmutableArray<string> Pool(StoreReader reader, string name) => [.. reader.GetStringPool(name)];
}
