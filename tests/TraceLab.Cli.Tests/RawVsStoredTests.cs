using System.IO.Compression;
using TraceLab.Cli.Tests.Support;
using TraceLab.Store;
using TraceLab.TestKit;

namespace TraceLab.Cli.Tests;

/// <summary>
/// Every command that takes a store also takes raw traces (README): stats on a trace equals stats on its store,
/// several inputs are combined, and a gzip file reads exactly like the plain file.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class RawVsStoredTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(Samples.All), MemberType = typeof(Samples))]
    public async Task Stats_on_the_raw_trace_prints_exactly_what_stats_on_its_store_prints(string sample)
    {
        string path = RepoPaths.Sample(sample);
        string store = _dir.File("s.tlab");
        await InProcessCli.RunOkAsync("ingest", path, "-o", store, "--quiet");

        foreach (string[] options in new[] { Array.Empty<string>(), ["--json"], ["--csv", "--by", "reason,vcpu"], ["--event", "userspace"] })
        {
            CliResult fromStore = await InProcessCli.RunOkAsync(["stats", store, .. options]);
            CliResult fromTrace = await InProcessCli.RunOkAsync(["stats", path, .. options]);
            Assert.Equal(fromStore.Out, fromTrace.Out);
        }
    }

    [Fact]
    public async Task Stats_on_a_raw_trace_removes_its_temporary_store()
    {
        string prefix = $"tracelab-{Environment.ProcessId}-";
        string[] Leftovers() => Directory.GetFiles(Path.GetTempPath(), prefix + "*");
        string[] before = Leftovers();

        await InProcessCli.RunOkAsync("stats", RepoPaths.Sample("vmx-ftrace-small.txt"), "--json");

        Assert.Equal(before, Leftovers());
    }

    [Fact]
    public async Task Several_inputs_are_combined_whether_raw_or_stored()
    {
        string a = RepoPaths.Sample("tdx-ftrace-small.txt");
        string b = RepoPaths.Sample("vmx-ftrace-small.txt");
        TruthFile ta = TruthFile.Read(RepoPaths.TruthFor(a));
        TruthFile tb = TruthFile.Read(RepoPaths.TruthFor(b));
        string sa = _dir.File("a.tlab");
        string sb = _dir.File("b.tlab");
        await InProcessCli.RunOkAsync("ingest", a, "-o", sa, "--quiet");
        await InProcessCli.RunOkAsync("ingest", b, "-o", sb, "--quiet");

        CliResult stores = await InProcessCli.RunOkAsync("stats", sa, sb, "--json");
        CliResult traces = await InProcessCli.RunOkAsync("stats", a, b, "--json");
        CliResult mixed = await InProcessCli.RunOkAsync("stats", sa, b, "--json");
        Assert.Equal(stores.Out, traces.Out);
        Assert.Equal(stores.Out, mixed.Out);

        // The union: counts and latencies per reason are those of both truth files together.
        StatsJson json = StatsJson.Parse(stores.Out);
        List<TruthExit> both = [.. ta.Exits, .. tb.Exits];
        Assert.Equal(ta.Events + tb.Events, json.Events);
        Assert.Equal(both.Count, json.Exits);
        Dictionary<long, Expected> expected = Expected.Group(both, e => e.Reason, e => e.Paired ? e.Handling : null);
        Assert.Equal(expected.Keys.Order(), json.Reasons.Select(x => x.Code!.Value).Order());
        foreach (JsonRow row in json.Reasons)
        {
            expected[row.Code!.Value].AssertRow(row, $"combined reason {row.Reason}");
        }

        // vCPU threads with the same (vm, vcpu, tid) in both stores are merged and their exits summed.
        var vcpus = both.GroupBy(e => (e.Vm, e.Vcpu, e.Tid)).OrderBy(g => g.Key.Vm).ThenBy(g => g.Key.Vcpu).ThenBy(g => g.Key.Tid)
            .Select(g => new JsonVcpu(g.Key.Vm, g.Key.Vcpu, g.Key.Tid, g.Count())).ToList();
        Assert.Equal(vcpus, json.Vcpus);
        var userspace = TextTrace.UserspaceTotals([.. TextTrace.Read(a), .. TextTrace.Read(b)]);
        Assert.Equal(userspace.OrderBy(kv => kv.Key), json.UserspaceExits.ToDictionary(u => u.Code, u => u.Count).OrderBy(kv => kv.Key));
    }

    [Fact]
    public async Task Ingest_of_several_inputs_writes_one_store_with_every_exit()
    {
        string a = RepoPaths.Sample("tdx-perf-script.txt");
        string b = RepoPaths.Sample("vmx-tracepipe-4.x.txt");
        TruthFile ta = TruthFile.Read(RepoPaths.TruthFor(a));
        TruthFile tb = TruthFile.Read(RepoPaths.TruthFor(b));
        string store = _dir.File("ab.tlab");

        await InProcessCli.RunOkAsync("ingest", a, b, "-o", store, "--quiet");

        using (StoreReader reader = StoreReader.Open(store))
        {
            Assert.Equal(new[] { a, b }, reader.Metadata.Sources.Select(s => s.Path));
        }

        StatsJson json = StatsJson.Parse((await InProcessCli.RunOkAsync("stats", store, "--json")).Out);
        Assert.Equal(ta.Events + tb.Events, json.Events);
        Assert.Equal(ta.Exits.Count + tb.Exits.Count, json.Exits);
        var counts = ta.Exits.Concat(tb.Exits).GroupBy(e => e.Reason).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(counts.OrderBy(kv => kv.Key), json.Reasons.ToDictionary(x => x.Code!.Value, x => x.Count).OrderBy(kv => kv.Key));
    }

    [Theory]
    [InlineData("tdx-ftrace-small.txt", "sample.txt.gz")]
    [InlineData("tdx-perf-script.txt", "no-gz-suffix.txt")]
    public async Task A_gzip_input_gives_the_same_store_as_the_plain_file(string sample, string gzName)
    {
        string plain = RepoPaths.Sample(sample);
        string gz = _dir.File(gzName);
        await using (FileStream output = File.Create(gz))
        await using (var zip = new GZipStream(output, CompressionLevel.SmallestSize))
        await using (FileStream input = File.OpenRead(plain))
        {
            await input.CopyToAsync(zip);
        }

        string plainStore = _dir.File("plain.tlab");
        string gzStore = _dir.File("gz.tlab");
        await InProcessCli.RunOkAsync("ingest", plain, "-o", plainStore, "--quiet");
        await InProcessCli.RunOkAsync("ingest", gz, "-o", gzStore, "--quiet");

        Assert.Equal(DumpWithoutInputName(plainStore, plain), DumpWithoutInputName(gzStore, gz));
        Assert.Equal((await InProcessCli.RunOkAsync("stats", plain, "--json")).Out, (await InProcessCli.RunOkAsync("stats", gz, "--json")).Out);
    }

    /// <summary>
    /// The store's canonical dump with the input's name (which differs between a file, its .gz and stdin) replaced
    /// in the [sources] table and the files pool; everything else, sizes and offsets included, must match.
    /// </summary>
    internal static string DumpWithoutInputName(string store, string inputName)
    {
        using StoreReader reader = StoreReader.Open(store);
        string[] lines = StoreDump.Dump(reader).Split('\n');
        string escaped = StoreDump.Escape(inputName);
        string section = "";
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('['))
            {
                section = lines[i];
                continue;
            }

            string[] f = lines[i].Split('\t');
            if (section == "[sources]" && f[0] == escaped)
            {
                f[0] = "<input>";
            }
            else if (section == "[pool files]" && f.Length == 2 && f[1] == escaped)
            {
                f[1] = "<input>";
            }

            lines[i] = string.Join('\t', f);
        }

        return string.Join('\n', lines);
    }
}
