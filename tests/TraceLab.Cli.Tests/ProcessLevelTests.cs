using System.Text.RegularExpressions;
using TraceLab.Cli.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Cli.Tests;

/// <summary>
/// The built <c>tracelab</c> as a child process: the exit code the shell sees, stdin (<c>-</c>) as an input, synth
/// to stdout, demo, and no temporary files left in TMPDIR.
/// </summary>
public sealed partial class ProcessLevelTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0, new[] { "ingest", "SAMPLE", "-o", "OUT" })]
    [InlineData(1, new[] { "ingest", "MISSING", "-o", "OUT" })]
    [InlineData(1, new[] { "info", "SAMPLE" })]
    [InlineData(2, new[] { "stats", "SAMPLE", "--json", "--csv" })]
    [InlineData(2, new[] { "ingest", "SAMPLE" })]
    [InlineData(2, new[] { "--no-such-option" })]
    public async Task The_process_exit_code_is_the_documented_one(int expected, string[] args)
    {
        string[] resolved = args.Select(a => a switch
        {
            "SAMPLE" => RepoPaths.Sample("vmx-tracepipe-4.x.txt"),
            "MISSING" => _dir.File("missing.txt"),
            "OUT" => _dir.File("out.tlab"),
            _ => a,
        }).ToArray();

        CliResult r = await ChildCli.RunAsync(resolved, tempDir: _dir.Dir("tmp"));

        Assert.True(r.ExitCode == expected, $"tracelab {string.Join(' ', args)}: {r}");
    }

    [Theory]
    [InlineData("tdx-ftrace-small.txt")]
    [InlineData("tdx-trace-cmd-report-plugin.txt")]
    [InlineData("tdx-perf-script.txt")]
    public async Task Stdin_gives_the_same_store_as_the_file(string sample)
    {
        string path = RepoPaths.Sample(sample);
        string fromFile = _dir.File("file.tlab");
        string fromStdin = _dir.File("stdin.tlab");

        CliResult file = await ChildCli.RunAsync(["ingest", path, "-o", fromFile], tempDir: _dir.Dir("tmp"));
        CliResult stdin = await ChildCli.RunAsync(["ingest", "-", "-o", fromStdin], await File.ReadAllBytesAsync(path), tempDir: _dir.Dir("tmp"));

        Assert.True(file.ExitCode == 0, file.ToString());
        Assert.True(stdin.ExitCode == 0, stdin.ToString());
        Assert.Equal(RawVsStoredTests.DumpWithoutInputName(fromFile, path), RawVsStoredTests.DumpWithoutInputName(fromStdin, "-"));
        using StoreReader reader = StoreReader.Open(fromStdin);
        Assert.Equal("-", Assert.Single(reader.Metadata.Sources).Path);
    }

    [Fact]
    public async Task Stats_reads_a_trace_from_stdin()
    {
        string path = RepoPaths.Sample("vmx-ftrace-small.txt");

        CliResult file = await ChildCli.RunAsync(["stats", path, "--json"], tempDir: _dir.Dir("tmp"));
        CliResult stdin = await ChildCli.RunAsync(["stats", "-", "--json"], await File.ReadAllBytesAsync(path), tempDir: _dir.Dir("tmp"));

        Assert.True(file.ExitCode == 0 && stdin.ExitCode == 0, $"{file}\n{stdin}");
        Assert.Equal(file.Out, stdin.Out);
        TruthFile truth = TruthFile.Read(RepoPaths.TruthFor(path));
        Assert.Equal(truth.Exits.Count, StatsJson.Parse(stdin.Out).Reasons.Sum(r => r.Count));
    }

    [Fact]
    public async Task Stats_on_raw_traces_leaves_nothing_in_tmpdir()
    {
        string tmp = _dir.Dir("tmp");

        CliResult r = await ChildCli.RunAsync(["stats", RepoPaths.Sample("tdx-ftrace-small.txt"), RepoPaths.Sample("vmx-ftrace-small.txt")], tempDir: tmp);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(tmp));
    }

    [Fact]
    public async Task Synth_to_stdout_writes_the_same_bytes_as_to_a_file()
    {
        string[] options = ["--mode", "vmx", "--format", "perf-script", "--events", "2500", "--seed", "11"];
        string file = _dir.File("t.txt");

        CliResult toFile = await ChildCli.RunAsync(["synth", "-o", file, .. options]);
        using ChildCli.Running child = ChildCli.Start(["synth", "-o", "-", .. options]);
        CliResult toStdout = await child.WaitAsync();

        Assert.True(toFile.ExitCode == 0, toFile.ToString());
        Assert.Equal(0, toStdout.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(file), child.StdoutBytes);
        Assert.Equal("", toStdout.Err);
    }

    [Fact]
    public async Task Demo_ingests_the_bundled_sample_and_prints_its_statistics_table()
    {
        TruthFile truth = TruthFile.Read(RepoPaths.TruthFor(RepoPaths.Sample("tdx-ftrace-small.txt")));
        string tmp = _dir.Dir("tmp");

        CliResult r = await ChildCli.RunAsync(["demo"], workingDirectory: RepoPaths.Root, tempDir: tmp);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"Ingested {truth.Events} events", r.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^VM-EXIT\s+Samples\s+Samples%\s+Time%\s+Min\s+p50\s+p90\s+p99\s+p99\.9\s+Max\s+Mean$", r.Out);
        Assert.Contains($"Total samples: {truth.Exits.Count}, paired: {truth.Exits.Count(e => e.Paired)}, ", r.Out, StringComparison.Ordinal);

        // One table row per exit reason with the truth's count (names differ for TDX's 0xffffffff, so compare counts).
        long[] counts = TableRow().Matches(r.Out).Select(m => long.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(truth.ExitCounts.Values.Select(c => c.Count).OrderDescending(), counts);
        Assert.True(StoreReader.IsStore(Path.Combine(tmp, "tracelab-demo.tlab")), "demo keeps its store in the temp folder, as it says");
    }

    [GeneratedRegex(@"(?m)^(?<name>\S.*?)\s+(?<n>\d+)\s+\d+\.\d\d%\s+\d+\.\d\d%")]
    private static partial Regex TableRow();
}
