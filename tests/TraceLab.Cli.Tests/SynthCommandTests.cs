using System.Globalization;
using TraceLab.Cli.Tests.Support;

namespace TraceLab.Cli.Tests;

/// <summary><c>tracelab synth</c>: determinism, size targets, the truth sidecar, and usage errors.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SynthCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("tdx", "ftrace", "6.18")]
    [InlineData("vmx", "perf-script", "5.4")]
    [InlineData("vmx", "trace-pipe", "2.6")]
    public async Task The_same_options_and_seed_give_the_same_bytes_and_another_seed_does_not(string mode, string format, string kernel)
    {
        string[] common = ["--mode", mode, "--format", format, "--kernel", kernel, "--events", "3000"];
        await InProcessCli.RunOkAsync(["synth", "-o", _dir.File("a.txt"), "--seed", "42", .. common]);
        await InProcessCli.RunOkAsync(["synth", "-o", _dir.File("b.txt"), "--seed", "42", .. common]);
        await InProcessCli.RunOkAsync(["synth", "-o", _dir.File("c.txt"), "--seed", "43", .. common]);

        byte[] a = await File.ReadAllBytesAsync(_dir.File("a.txt"));
        Assert.True(a.Length > 0);
        Assert.Equal(a, await File.ReadAllBytesAsync(_dir.File("b.txt")));
        Assert.NotEqual(a, await File.ReadAllBytesAsync(_dir.File("c.txt")));
    }

    [Theory]
    [InlineData("ftrace", 1234)]
    [InlineData("trace-pipe", 500)]
    [InlineData("trace-cmd", 2000)]
    [InlineData("perf-script", 777)]
    public async Task Events_writes_exactly_that_many_event_lines(string format, int events)
    {
        string trace = _dir.File("t.txt");
        string truthPath = _dir.File("t.truth.tsv");

        CliResult r = await InProcessCli.RunOkAsync("synth", "-o", trace, "--format", format, "--events", events.ToString(CultureInfo.InvariantCulture), "--truth", truthPath);

        Assert.Equal("", r.Out);
        string[] lines = (await File.ReadAllTextAsync(trace)).Split('\n');
        Assert.Equal("", lines[^1]); // ends with a newline
        TruthFile truth = TruthFile.Read(truthPath);
        List<TextEvent> text = TextTrace.Read(trace);
        Assert.Equal(events, text.Count);
        Assert.Equal(events, truth.Events);
        Assert.Equal(truth.HeaderLines + events, lines.Length - 1);
        Assert.Equal(new FileInfo(trace).Length, truth.Bytes);
        Assert.Contains(trace, r.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("256k", 262_144)]
    [InlineData("1M", 1_048_576)]
    [InlineData("300000", 300_000)]
    public async Task Bytes_writes_about_that_many_bytes(string size, long bytes)
    {
        string trace = _dir.File("t.txt");

        await InProcessCli.RunOkAsync("synth", "-o", trace, "--bytes", size);

        Assert.InRange(new FileInfo(trace).Length, bytes * 9 / 10, bytes * 11 / 10);
    }

    [Fact]
    public async Task Size_suffixes_are_binary_multiples()
    {
        await InProcessCli.RunOkAsync("synth", "-o", _dir.File("k.txt"), "--bytes", "200k", "--format", "trace-cmd");
        await InProcessCli.RunOkAsync("synth", "-o", _dir.File("n.txt"), "--bytes", "204800", "--format", "trace-cmd");

        Assert.Equal(await File.ReadAllBytesAsync(_dir.File("n.txt")), await File.ReadAllBytesAsync(_dir.File("k.txt")));
    }

    [Fact]
    public async Task Truth_lists_every_kvm_exit_of_the_trace()
    {
        string trace = _dir.File("t.txt");
        string truthPath = _dir.File("t.truth.tsv");

        await InProcessCli.RunOkAsync("synth", "-o", trace, "--mode", "vmx", "--format", "trace-cmd", "--events", "4000", "--seed", "9", "--truth", truthPath, "--vms", "2");

        TruthFile truth = TruthFile.Read(truthPath);
        List<TextEvent> exits = TextTrace.Read(trace).Where(e => e.Name == "kvm_exit").ToList();
        Assert.Equal(exits.Select(e => (e.Line, e.Tid, e.TimeNs)), truth.Exits.Select(e => (e.Line, e.Tid, e.Timestamp)));
        Assert.Equal(truth.Exits.Count, truth.ExitCounts.Values.Sum(c => c.Count));
        Assert.Equal(2, truth.Threads.Where(t => t.Vcpu >= 0).Select(t => t.Vm).Distinct().Count());
    }

    [Theory]
    [InlineData("tdx", "ftrace", "6.18", "usec")]
    [InlineData("vmx", "trace-cmd", "5.9", "nsec")]
    [InlineData("vmx", "trace-pipe", "4", "usec")]
    [InlineData("tdx", "perf-script", "6.16", "usec")]
    public async Task A_synthetic_trace_ingests_to_the_exits_its_truth_lists(string mode, string format, string kernel, string timestamps)
    {
        string trace = _dir.File("t.txt");
        string truthPath = _dir.File("t.truth.tsv");
        await InProcessCli.RunOkAsync("synth", "-o", trace, "--mode", mode, "--format", format, "--kernel", kernel,
            "--timestamps", timestamps, "--events", "6000", "--seed", "5", "--truth", truthPath);
        TruthFile truth = TruthFile.Read(truthPath);

        StatsJson json = StatsJson.Parse((await InProcessCli.RunOkAsync("stats", trace, "--json")).Out);

        Assert.Equal(truth.Events, json.Events);
        Assert.Equal(truth.TimestampUnit, json.TimeUnit);
        Dictionary<long, Expected> expected = Expected.Group(truth.Exits, e => e.Reason, e => e.Paired ? e.Handling : null);
        Assert.Equal(expected.Keys.Order(), json.Reasons.Select(x => x.Code!.Value).Order());
        foreach (JsonRow row in json.Reasons)
        {
            expected[row.Code!.Value].AssertRow(row, $"{mode}/{format}/{kernel} reason {row.Reason}");
        }
    }

    public static TheoryData<string[]> BadUsage() => new(
        ["synth", "-o", "OUT", "--mode", "svm"],
        ["synth", "-o", "OUT", "--format", "xml"],
        ["synth", "-o", "OUT", "--kernel", "9.9"],
        ["synth", "-o", "OUT", "--timestamps", "ms"],
        ["synth", "-o", "OUT", "--bytes", "12Q"],
        ["synth", "-o", "OUT", "--bytes", "-5"],
        ["synth", "-o", "OUT", "--bytes", "M"],
        ["synth", "-o", "OUT", "--events", "0"],
        ["synth", "-o", "OUT", "--events", "many"],
        ["synth", "-o", "OUT", "--seed", "abc"],
        ["synth", "-o", "OUT", "--vcpus", "0"],
        ["synth", "-o", "OUT", "--mode", "tdx", "--kernel", "5.9"],
        ["synth", "-o", "OUT", "--no-such-option"],
        ["synth", "--events", "10"]);

    [Theory]
    [MemberData(nameof(BadUsage))]
    public async Task Bad_option_values_exit_with_2(string[] args)
    {
        string output = _dir.File("out.txt");

        CliResult r = await InProcessCli.RunAsync(args.Select(a => a == "OUT" ? output : a).ToArray());

        Assert.True(r.ExitCode == 2, $"tracelab {string.Join(' ', args)}: {r}");
        Assert.NotEqual("", r.Err.Trim());
        Assert.Equal("", r.Out);
    }
}
