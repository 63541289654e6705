using System.Globalization;
using System.Text.RegularExpressions;
using TraceLab.Cli.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Cli.Tests;

/// <summary>
/// <c>tracelab ingest</c> then <c>tracelab stats --json</c> on every bundled sample, checked against the sample's
/// truth sidecar (what the generator wrote) and a plain regex scan of the text, never against the ingester.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class SampleStatsTests : IDisposable
{
    private static readonly string[] s_topLevel = ["events", "exits", "entries", "time_unit", "reasons", "vcpus", "userspace_exits", "issues"];

    private static readonly string[] s_latencyFields =
        ["count", "paired", "total_ns", "min_ns", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns", "mean_ns", "userspace"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_theories_cover_every_bundled_sample()
    {
        string[] present = Directory.GetFiles(RepoPaths.SamplesDir, "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(Samples.Names.Order(StringComparer.Ordinal), present);
        Assert.All(present, name => Assert.True(File.Exists(RepoPaths.TruthFor(RepoPaths.Sample(name))), $"{name} has no truth sidecar"));
    }

    [Theory]
    [MemberData(nameof(Samples.All), MemberType = typeof(Samples))]
    public async Task Ingest_writes_a_store_and_summarises_the_counts(string sample)
    {
        string path = RepoPaths.Sample(sample);
        TruthFile truth = TruthFile.Read(RepoPaths.TruthFor(path));
        string store = _dir.File("s.tlab");

        CliResult r = await InProcessCli.RunOkAsync("ingest", path, "-o", store);

        Assert.True(StoreReader.IsStore(store), "ingest did not leave a store at -o");
        using (StoreReader reader = StoreReader.Open(store))
        {
            Assert.Equal(truth.Events, reader.Metadata.Events);
        }

        // "Ingested 260 events (66 exits, 66 entries) of 2 vCPU threads in 1 VM from ... No ingest issues."
        Match m = Summary().Match(r.Out);
        Assert.True(m.Success, "no ingest summary paragraph in:\n" + r.Out);
        Assert.Equal(truth.Events, ParseN0(m.Groups["events"].Value));
        Assert.Equal(truth.Exits.Count, ParseN0(m.Groups["exits"].Value));
        Assert.Equal(truth.EventCounts["kvm_entry"], ParseN0(m.Groups["entries"].Value));
        Assert.Equal(truth.Threads.Count(t => t.Vcpu >= 0), int.Parse(m.Groups["vcpus"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(truth.Threads.Where(t => t.Vcpu >= 0).Select(t => t.Vm).Distinct().Count(), int.Parse(m.Groups["vms"].Value, CultureInfo.InvariantCulture));
        Assert.Contains("No ingest issues.", r.Out, StringComparison.Ordinal);
        Assert.Contains(" into " + store, r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", r.Out, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Samples.All), MemberType = typeof(Samples))]
    public async Task Stats_json_on_the_store_matches_the_truth_sidecar(string sample)
    {
        string path = RepoPaths.Sample(sample);
        TruthFile truth = TruthFile.Read(RepoPaths.TruthFor(path));
        List<TextEvent> text = TextTrace.Read(path);
        string store = _dir.File("s.tlab");
        await InProcessCli.RunOkAsync("ingest", path, "-o", store, "--quiet");

        CliResult r = await InProcessCli.RunOkAsync("stats", store, "--json");
        StatsJson json = StatsJson.Parse(r.Out);

        Assert.Equal(s_topLevel, json.TopLevelNames);
        Assert.Equal(truth.TimestampUnit, json.TimeUnit);
        Assert.Equal(truth.Events, json.Events);
        Assert.Equal(truth.Exits.Count, json.Exits);
        Assert.Equal(truth.EventCounts["kvm_entry"], json.Entries);
        Assert.Empty(json.Issues);

        // One row per full exit reason, with counts, latencies and the userspace breakdown of the truth rows.
        Dictionary<long, Expected> expected = Expected.Group(truth.Exits, e => e.Reason, e => e.Paired ? e.Handling : null);
        Assert.Equal(expected.Keys.Order(), json.Reasons.Select(x => x.Code!.Value).Order());
        Assert.Equal(truth.ExitCounts.Keys.Order(), expected.Keys.Order());
        foreach (JsonRow row in json.Reasons)
        {
            long code = row.Code!.Value;
            string[] fields = ["reason", "code", .. s_latencyFields];
            Assert.Equal(fields, row.FieldNames);
            Assert.False(string.IsNullOrEmpty(row.Reason));
            Assert.Equal(truth.ExitCounts[code].Count, row.Count);
            expected[code].AssertRow(row, $"{sample} reason {row.Reason} ({code})");

            var userspace = truth.Exits.Where(e => e.Reason == code && e.UserspaceCode is not null)
                .GroupBy(e => e.UserspaceCode!.Value).ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.Equal(userspace.OrderBy(kv => kv.Key), row.Userspace.ToDictionary(u => u.Code, u => u.Count).OrderBy(kv => kv.Key));
        }

        // Rows are ordered by count, descending, then by code (docs/stats.md).
        Assert.Equal(json.Reasons.OrderByDescending(x => x.Count).ThenBy(x => (ulong)x.Code!.Value).Select(x => x.Code), json.Reasons.Select(x => x.Code));

        // vcpus: (vm, vcpu, tid, exits) of every vCPU thread, sorted by vm, vcpu, tid.
        var vcpus = truth.Exits.GroupBy(e => (e.Vm, e.Vcpu, e.Tid)).OrderBy(g => g.Key.Vm).ThenBy(g => g.Key.Vcpu).ThenBy(g => g.Key.Tid)
            .Select(g => new JsonVcpu(g.Key.Vm, g.Key.Vcpu, g.Key.Tid, g.Count())).ToList();
        Assert.Equal(vcpus, json.Vcpus);

        // userspace_exits: every kvm_userspace_exit line of the text, by code.
        Dictionary<long, long> totals = TextTrace.UserspaceTotals(text);
        Assert.Equal(truth.EventCounts.GetValueOrDefault("kvm_userspace_exit"), totals.Values.Sum());
        Assert.Equal(totals.OrderBy(kv => kv.Key), json.UserspaceExits.ToDictionary(u => u.Code, u => u.Count).OrderBy(kv => kv.Key));
        Assert.All(json.UserspaceExits, u => Assert.False(string.IsNullOrEmpty(u.Reason)));
    }

    [Theory]
    [InlineData("tdx-ftrace-small.txt", 0)]
    [InlineData("tdx-perf-script.txt", 1)]
    [InlineData("vmx-tracepipe-4.x.txt", 1)]
    public async Task Vcpu_filter_keeps_only_that_vcpus_exits_and_userspace_exits(string sample, int vcpu)
    {
        string path = RepoPaths.Sample(sample);
        TruthFile truth = TruthFile.Read(RepoPaths.TruthFor(path));
        HashSet<int> tids = truth.Threads.Where(t => t.Vcpu == vcpu).Select(t => t.Tid).ToHashSet();

        CliResult r = await InProcessCli.RunOkAsync("stats", path, "--json", "--vcpu", vcpu.ToString(CultureInfo.InvariantCulture));
        StatsJson json = StatsJson.Parse(r.Out);

        List<TruthExit> mine = truth.Exits.Where(e => e.Vcpu == vcpu).ToList();
        Assert.NotEmpty(mine);
        Dictionary<long, Expected> expected = Expected.Group(mine, e => e.Reason, e => e.Paired ? e.Handling : null);
        Assert.Equal(expected.Keys.Order(), json.Reasons.Select(x => x.Code!.Value).Order());
        foreach (JsonRow row in json.Reasons)
        {
            expected[row.Code!.Value].AssertRow(row, $"{sample} vcpu {vcpu} reason {row.Reason}");
        }

        Assert.All(json.Vcpus, v => Assert.Equal(vcpu, v.Vcpu));
        Assert.Equal(mine.Count, json.Vcpus.Sum(v => v.Exits));
        Dictionary<long, long> totals = TextTrace.UserspaceTotals(TextTrace.Read(path), e => tids.Contains(e.Tid));
        Assert.Equal(totals.OrderBy(kv => kv.Key), json.UserspaceExits.ToDictionary(u => u.Code, u => u.Count).OrderBy(kv => kv.Key));

        // Totals are the stores' metadata and are not filtered (docs/stats.md).
        Assert.Equal(truth.Exits.Count, json.Exits);
    }

    private static long ParseN0(string s) => long.Parse(s, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Ingested (?<events>[\d,]+) events \((?<exits>[\d,]+) exits, (?<entries>[\d,]+) entries\) of (?<vcpus>\d+) vCPU threads? in (?<vms>\d+) VMs? from ", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
