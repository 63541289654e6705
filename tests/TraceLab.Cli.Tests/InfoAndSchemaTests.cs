using System.Globalization;
using System.Text.RegularExpressions;
using TraceLab.Cli.Tests.Support;

namespace TraceLab.Cli.Tests;

/// <summary>
/// <c>tracelab schema</c> against the column tables of docs/store-format.md, and <c>tracelab info</c>: counts from
/// the truth sidecar, one size line per documented column, and exit 1 for anything that is not a store.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class InfoAndSchemaTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Schema_lists_both_tables_with_the_documented_columns_and_units()
    {
        CliResult r = await InProcessCli.RunOkAsync("schema");

        Dictionary<string, List<(string Column, string Unit)>> printed = ParseSchema(r.Out);
        Dictionary<string, List<(string Column, string Unit)>> documented = DocumentedTables();
        Assert.Equal(new[] { "events", "exits" }, printed.Keys);
        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), printed.Keys.Order(StringComparer.Ordinal));
        foreach (string table in documented.Keys)
        {
            Assert.Equal(documented[table], printed[table]);
        }

        Assert.Equal("", r.Err);
    }

    [Theory]
    [InlineData("tdx-ftrace-small.txt")]
    [InlineData("vmx-tracepipe-4.x.txt")]
    public async Task Info_prints_counts_and_a_size_line_per_column(string sample)
    {
        string path = RepoPaths.Sample(sample);
        TruthFile truth = TruthFile.Read(RepoPaths.TruthFor(path));
        string store = _dir.File("s.tlab");
        await InProcessCli.RunOkAsync("ingest", path, "-o", store, "--quiet");

        CliResult r = await InProcessCli.RunOkAsync("info", store);

        string[] lines = r.Out.Split('\n');
        Assert.Matches("^" + Regex.Escape(store) + @": format v\d+, written by tracelab \S+, \d", lines[0]);
        Assert.Contains($"  input {path} (", r.Out, StringComparison.Ordinal);
        Assert.Contains(
            $"  {N0(truth.Events)} events, {N0(truth.Exits.Count)} exits, {N0(truth.EventCounts["kvm_entry"])} entries, " +
            $"{truth.Threads.Count(t => t.Vcpu >= 0)} vCPU threads; time unit {truth.TimestampUnit}, ", r.Out, StringComparison.Ordinal);

        Dictionary<string, List<(string Column, string Unit)>> documented = DocumentedTables();
        long fileBytes = new FileInfo(store).Length;
        long columnBytes = 0;
        var rowsPerTable = new Dictionary<string, long>();
        foreach (string table in documented.Keys)
        {
            int at = Array.FindIndex(lines, l => l.StartsWith($"table {table}: ", StringComparison.Ordinal));
            Assert.True(at >= 0, $"no 'table {table}:' line in:\n{r.Out}");
            Match head = TableHead().Match(lines[at]);
            Assert.True(head.Success, lines[at]);
            rowsPerTable[table] = long.Parse(head.Groups["rows"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            int groups = int.Parse(head.Groups["groups"].Value, CultureInfo.InvariantCulture);
            Assert.Matches(@"^\s+column\s+bytes\s+bits/row\s+encodings$", lines[at + 1]);
            for (int c = 0; c < documented[table].Count; c++)
            {
                Match m = ColumnLine().Match(lines[at + 2 + c]);
                Assert.True(m.Success, $"not a column size line: '{lines[at + 2 + c]}'");
                Assert.Equal(documented[table][c].Column, m.Groups["name"].Value);
                long bytes = long.Parse(m.Groups["bytes"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                columnBytes += bytes;
                decimal bitsPerRow = decimal.Parse(m.Groups["bits"].Value, CultureInfo.InvariantCulture);
                decimal exact = bytes * 8m / rowsPerTable[table];
                Assert.InRange(bitsPerRow, exact - 0.005m, exact + 0.005m);

                // "Delta x1, Dictionary x2": one entry per encoding used, chunk counts adding up to the row groups.
                var used = m.Groups["enc"].Value.Split(", ").Select(e => e.Split(" x")).ToList();
                Assert.Equal(used.Count, used.Select(e => e[0]).Distinct().Count());
                Assert.Equal(groups, used.Sum(e => int.Parse(e[1], CultureInfo.InvariantCulture)));
            }
        }

        Assert.Equal(truth.Exits.Count, rowsPerTable["exits"]);
        Assert.True(rowsPerTable["events"] >= truth.Events, "every event has a row in the events table");
        Assert.InRange(columnBytes, 1, fileBytes);
    }

    [Fact]
    public async Task Info_on_a_trace_a_missing_file_or_a_damaged_store_exits_1()
    {
        string store = _dir.File("s.tlab");
        await InProcessCli.RunOkAsync("ingest", RepoPaths.Sample("tdx-ftrace-small.txt"), "-o", store, "--quiet");
        byte[] bytes = await File.ReadAllBytesAsync(store);
        string truncated = _dir.File("truncated.tlab");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        string empty = _dir.File("empty.tlab");
        await File.WriteAllBytesAsync(empty, []);

        foreach (string input in new[] { RepoPaths.Sample("tdx-ftrace-small.txt"), _dir.File("missing.tlab"), truncated, empty })
        {
            CliResult r = await InProcessCli.RunAsync("info", input);
            Assert.True(r.ExitCode == 1, $"info {input}: {r}");
            Assert.Equal("", r.Out);
            Assert.StartsWith("tracelab info: ", r.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal); // a message, not a stack trace
        }
    }

    [Fact]
    public async Task Stats_on_a_damaged_store_exits_1_with_a_message()
    {
        string store = _dir.File("s.tlab");
        await InProcessCli.RunOkAsync("ingest", RepoPaths.Sample("tdx-ftrace-small.txt"), "-o", store, "--quiet");
        byte[] bytes = await File.ReadAllBytesAsync(store);
        await File.WriteAllBytesAsync(store, bytes[..(bytes.Length - 40)]);

        CliResult r = await InProcessCli.RunAsync("stats", store);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal("", r.Out);
        Assert.StartsWith("tracelab stats: ", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
    }

    /// <summary>The <c>| # | column | unit | meaning |</c> tables under "### `name` (N columns)" in docs/store-format.md.</summary>
    private static Dictionary<string, List<(string Column, string Unit)>> DocumentedTables()
    {
        var tables = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        List<(string, string)>? current = null;
        int declared = 0;
        foreach (string line in File.ReadLines(Path.Combine(RepoPaths.Root, "docs", "store-format.md")))
        {
            Match h = DocTableHeading().Match(line);
            if (h.Success)
            {
                current = [];
                tables[h.Groups["name"].Value] = current;
                declared = int.Parse(h.Groups["n"].Value, CultureInfo.InvariantCulture);
                continue;
            }

            Match row = DocColumnRow().Match(line);
            if (current is not null && row.Success)
            {
                Assert.Equal(current.Count, int.Parse(row.Groups["i"].Value, CultureInfo.InvariantCulture));
                current.Add((row.Groups["name"].Value, row.Groups["unit"].Value));
            }
            else if (current is not null && current.Count > 0 && !line.StartsWith('|'))
            {
                Assert.Equal(declared, current.Count);
                current = null;
            }
        }

        Assert.Equal(new[] { "events", "exits" }, tables.Keys.Order(StringComparer.Ordinal));
        return tables;
    }

    /// <summary>"table NAME: doc" then "  column  unit  doc" lines, until a blank line.</summary>
    private static Dictionary<string, List<(string Column, string Unit)>> ParseSchema(string text)
    {
        var tables = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        List<(string, string)>? current = null;
        foreach (string line in text.Split('\n'))
        {
            Match t = SchemaTable().Match(line);
            if (t.Success)
            {
                current = [];
                tables.Add(t.Groups["name"].Value, current);
            }
            else if (line.Trim().Length == 0)
            {
                current = null;
            }
            else
            {
                Assert.NotNull(current);
                string[] f = line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                current.Add((f[0], f[1]));
            }
        }

        return tables;
    }

    private static string N0(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^### `(?<name>\w+)` \((?<n>\d+) columns\)")]
    private static partial Regex DocTableHeading();

    [GeneratedRegex(@"^\| (?<i>\d+) \| `(?<name>\w+)` \| (?<unit>[^|]+?) \|")]
    private static partial Regex DocColumnRow();

    [GeneratedRegex(@"^table (?<name>\w+): \S")]
    private static partial Regex SchemaTable();

    [GeneratedRegex(@"^table \w+: (?<rows>[\d,]+) rows in (?<groups>\d+) row groups?$")]
    private static partial Regex TableHead();

    [GeneratedRegex(@"^  (?<name>\w+)\s+(?<bytes>[\d,]+)\s+(?<bits>\d+\.\d\d|-)\s+(?<enc>\w+ x\d+(?:, \w+ x\d+)*)$")]
    private static partial Regex ColumnLine();
}
