using TraceLab.Cli.Tests.Support;

namespace TraceLab.Cli.Tests;

/// <summary>
/// <c>ingest</c> options users rely on: an explicit <c>--format</c> reads like sniffing, <c>--threads</c> does not
/// change the store, <c>--clock-hz</c> turns counter ticks into ns, and a second ingest replaces the store at -o.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class IngestOptionsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("tdx-ftrace-small.txt", "ftrace")]
    [InlineData("vmx-tracepipe-4.x.txt", "trace_pipe")]
    [InlineData("tdx-trace-cmd-report-plugin.txt", "trace-cmd")]
    [InlineData("tdx-perf-script.txt", "perf-script")]
    public async Task An_explicit_format_and_any_thread_count_give_the_sniffed_store(string sample, string format)
    {
        string path = RepoPaths.Sample(sample);
        await InProcessCli.RunOkAsync("ingest", path, "-o", _dir.File("auto.tlab"), "--quiet");
        await InProcessCli.RunOkAsync("ingest", path, "-o", _dir.File("explicit.tlab"), "--quiet", "--format", format, "--threads", "1");
        await InProcessCli.RunOkAsync("ingest", path, "-o", _dir.File("threads.tlab"), "--quiet", "--threads", "3");

        string auto = RawVsStoredTests.DumpWithoutInputName(_dir.File("auto.tlab"), path);
        Assert.Equal(auto, RawVsStoredTests.DumpWithoutInputName(_dir.File("explicit.tlab"), path));
        Assert.Equal(auto, RawVsStoredTests.DumpWithoutInputName(_dir.File("threads.tlab"), path));
    }

    [Fact]
    public async Task Counter_timestamps_stay_ticks_without_clock_hz_and_become_ns_with_it()
    {
        string trace = _dir.File("tsc.txt");
        string truthPath = _dir.File("tsc.truth.tsv");
        await InProcessCli.RunOkAsync("synth", "-o", trace, "--timestamps", "counter", "--format", "trace-cmd", "--events", "3000", "--truth", truthPath);
        TruthFile truth = TruthFile.Read(truthPath);
        Assert.Equal("ticks", truth.TimestampUnit);
        Dictionary<long, Expected> expected = Expected.Group(truth.Exits, e => e.Reason, e => e.Paired ? e.Handling : null);

        CliResult ingest = await InProcessCli.RunOkAsync("ingest", trace, "-o", _dir.File("tsc.tlab"));
        Assert.Contains("Timestamps are counter ticks (no --clock-hz given).", ingest.Out, StringComparison.Ordinal);
        StatsJson ticks = StatsJson.Parse((await InProcessCli.RunOkAsync("stats", _dir.File("tsc.tlab"), "--json")).Out);
        Assert.Equal("ticks", ticks.TimeUnit);
        foreach (JsonRow row in ticks.Reasons)
        {
            expected[row.Code!.Value].AssertRow(row, $"ticks, reason {row.Reason}");
        }

        // At 1 GHz a tick is a nanosecond: the same numbers, now labelled ns.
        StatsJson ns = StatsJson.Parse((await InProcessCli.RunOkAsync("stats", trace, "--json", "--clock-hz", "1000000000")).Out);
        Assert.Equal("ns", ns.TimeUnit);
        Assert.Equal(ticks.Reasons, ns.Reasons, (a, b) => a.Code == b.Code && a.Count == b.Count && a.TotalNs == b.TotalNs && a.MaxNs == b.MaxNs && a.P50Ns == b.P50Ns);
    }

    [Fact]
    public async Task Ingest_replaces_an_existing_store_and_leaves_no_temporary_file()
    {
        string store = _dir.File("s.tlab");
        string a = RepoPaths.Sample("tdx-ftrace-small.txt");
        string b = RepoPaths.Sample("vmx-tracepipe-4.x.txt");
        await InProcessCli.RunOkAsync("ingest", a, "-o", store, "--quiet");

        await InProcessCli.RunOkAsync("ingest", b, "-o", store, "--quiet");

        StatsJson json = StatsJson.Parse((await InProcessCli.RunOkAsync("stats", store, "--json")).Out);
        Assert.Equal(TruthFile.Read(RepoPaths.TruthFor(b)).Events, json.Events);
        Assert.Equal(new[] { "s.tlab" }, _dir.FileNames());
    }
}
