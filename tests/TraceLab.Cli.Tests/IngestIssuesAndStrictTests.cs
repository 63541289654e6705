using System.Text.RegularExpressions;
using TraceLab.Cli.Tests.Support;

namespace TraceLab.Cli.Tests;

/// <summary>
/// The compiler-style issue lines (<c>file:line:column: warning kind: text</c>) and <c>--strict</c>: exit 1, no
/// store written, an existing store left byte for byte as it was, no temporary file left behind.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class IngestIssuesAndStrictTests : IDisposable
{
    private const string Marker = "CPU:1 [LOST 12 EVENTS]";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The TDX ftrace sample with a lost-events marker inserted as line <paramref name="line"/>.</summary>
    private async Task<string> WriteLostEventsTraceAsync(int line)
    {
        List<string> lines = [.. await File.ReadAllLinesAsync(RepoPaths.Sample("tdx-ftrace-small.txt"))];
        lines.Insert(line - 1, Marker);
        string path = _dir.File("lost.txt");
        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n");
        return path;
    }

    [Fact]
    public async Task A_lost_events_marker_is_reported_as_file_line_column_warning_kind_text()
    {
        string trace = await WriteLostEventsTraceAsync(41);

        CliResult r = await InProcessCli.RunOkAsync("ingest", trace, "-o", _dir.File("s.tlab"));

        string[] issueLines = r.Out.Split('\n').Where(l => IssueLine().IsMatch(l)).ToArray();
        Match m = IssueLine().Match(Assert.Single(issueLines));
        Assert.Equal(trace, m.Groups["file"].Value);
        Assert.Equal("41", m.Groups["line"].Value);
        Assert.Equal("1", m.Groups["column"].Value);
        Assert.Equal("warning", m.Groups["level"].Value);
        Assert.Equal("lost-events", m.Groups["kind"].Value);
        Assert.Equal(Marker, m.Groups["text"].Value);
        Assert.Contains("1 lost-events (data-loss)", r.Out, StringComparison.Ordinal);

        // stats --json lists the same place.
        StatsJson json = StatsJson.Parse((await InProcessCli.RunOkAsync("stats", _dir.File("s.tlab"), "--json")).Out);
        JsonIssue issue = Assert.Single(json.Issues);
        Assert.Equal(("lost-events", 1L), (issue.Kind, issue.Count));
        Assert.Equal(new JsonIssueSample(trace, 41, 1, Marker), Assert.Single(issue.Samples));
    }

    [Fact]
    public async Task Strict_with_issues_exits_1_and_writes_no_store()
    {
        string trace = await WriteLostEventsTraceAsync(100);
        string store = _dir.File("new.tlab");

        CliResult r = await InProcessCli.RunAsync("ingest", trace, "-o", store, "--strict");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.False(File.Exists(store));
        Assert.Equal(new[] { "lost.txt" }, _dir.FileNames());
        Assert.Contains($"{trace}:100:1: warning lost-events: {Marker}", r.Err, StringComparison.Ordinal);
        Assert.Contains("--strict", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_with_issues_leaves_an_existing_store_byte_identical()
    {
        string store = _dir.File("s.tlab");
        await InProcessCli.RunOkAsync("ingest", RepoPaths.Sample("vmx-ftrace-small.txt"), "-o", store, "--quiet");
        byte[] before = await File.ReadAllBytesAsync(store);
        DateTime written = File.GetLastWriteTimeUtc(store);
        string trace = await WriteLostEventsTraceAsync(20);

        CliResult r = await InProcessCli.RunAsync("ingest", trace, "-o", store, "--strict");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal(before, await File.ReadAllBytesAsync(store));
        Assert.Equal(written, File.GetLastWriteTimeUtc(store));
        Assert.Equal(new[] { "lost.txt", "s.tlab" }, _dir.FileNames());
    }

    [Fact]
    public async Task Strict_on_a_clean_input_writes_the_store()
    {
        string store = _dir.File("s.tlab");

        CliResult r = await InProcessCli.RunOkAsync("ingest", RepoPaths.Sample("tdx-trace-cmd-report.txt"), "-o", store, "--strict");

        Assert.True(File.Exists(store));
        Assert.Contains("No ingest issues.", r.Out, StringComparison.Ordinal);
        Assert.Equal(new[] { "s.tlab" }, _dir.FileNames());
    }

    [Fact]
    public async Task Quiet_prints_nothing_on_success()
    {
        CliResult r = await InProcessCli.RunOkAsync("ingest", RepoPaths.Sample("tdx-ftrace-small.txt"), "-o", _dir.File("s.tlab"), "--quiet");

        Assert.Equal("", r.Out);
    }

    [GeneratedRegex(@"^(?<file>.+):(?<line>\d+):(?<column>\d+): (?<level>note|warning|error) (?<kind>[a-z-]+): (?<text>.*)$")]
    private static partial Regex IssueLine();
}
