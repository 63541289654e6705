using System.Runtime.CompilerServices;
using TraceLab.Store.Schema;

namespace TraceLab.Store.Tests;

/// <summary>Keeps docs/store-format.md and the metadata JSON in step with the code.</summary>
public class FormatDocTests
{
    [Fact]
    public void Format_doc_lists_every_column_of_both_tables()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "store-format.md"));
        foreach (TableSchema table in new[] { EventColumns.Schema, ExitColumns.Schema })
        {
            Assert.Contains($"### `{table.Name}` ({table.Columns.Length} columns)", doc, StringComparison.Ordinal);
            for (int c = 0; c < table.Columns.Length; c++)
            {
                Assert.Contains($"| {c} | `{table.Columns[c].Name}` | {table.Columns[c].Unit} |", doc, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Metadata_json_uses_the_documented_camel_case_names()
    {
        string json = TestStores.Json(TestStores.Metadata());
        foreach (string name in new[] { "writer", "sources", "timeUnit", "clockHz", "events", "exits", "entries", "firstTimestamp", "lastTimestamp", "vcpus", "issues", "samples", "tgid" })
        {
            Assert.Contains($"\"{name}\":", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Metadata_ignores_unknown_properties_from_newer_writers()
    {
        byte[] json = """{"writer":"future","somethingNew":{"a":[1,2]},"events":5}"""u8.ToArray();
        Metadata.StoreMetadata? metadata = System.Text.Json.JsonSerializer.Deserialize(json, StoreJsonContext.Default.StoreMetadata);
        Assert.NotNull(metadata);
        Assert.Equal("future", metadata.Writer);
        Assert.Equal(5, metadata.Events);
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
