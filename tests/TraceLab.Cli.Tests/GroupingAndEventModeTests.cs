using System.Globalization;
using TraceLab.Cli.Tests.Support;

namespace TraceLab.Cli.Tests;

/// <summary>
/// <c>stats --by vcpu|vm|reason,vcpu</c> and <c>--event userspace|mmio|ioport|msr</c>: each row checked against the
/// truth sidecar and a text scan of the sample, the documented field order, and totals that agree across groupings.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class GroupingAndEventModeTests : IDisposable
{
    private static readonly string[] s_latencyFields =
        ["count", "paired", "total_ns", "min_ns", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns", "mean_ns", "userspace"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(Samples.All), MemberType = typeof(Samples))]
    public async Task By_vcpu_vm_and_reason_vcpu_match_the_truth_and_each_other(string sample)
    {
        (string store, TruthFile truth, _) = await IngestAsync(sample);

        StatsJson byVcpu = await StatsAsync(store, "--by", "vcpu");
        Dictionary<(int, int), Expected> vcpuExpected = Expected.Group(truth.Exits, e => (e.Vm, e.Vcpu), Latency);
        Assert.Equal(vcpuExpected.Count, byVcpu.Reasons.Count);
        foreach (JsonRow row in byVcpu.Reasons)
        {
            Assert.Equal(Fields("reason", "code", "vm", "vcpu"), row.FieldNames);
            Assert.Null(row.Reason);
            Assert.Null(row.Code);
            vcpuExpected[(row.Vm!.Value, row.Vcpu!.Value)].AssertRow(row, $"{sample} vm {row.Vm} vcpu {row.Vcpu}");
        }

        StatsJson byVm = await StatsAsync(store, "--by", "vm");
        Dictionary<int, Expected> vmExpected = Expected.Group(truth.Exits, e => e.Vm, Latency);
        Assert.Equal(vmExpected.Count, byVm.Reasons.Count);
        foreach (JsonRow row in byVm.Reasons)
        {
            Assert.Equal(Fields("reason", "code", "vm"), row.FieldNames);
            Assert.Null(row.Reason);
            vmExpected[row.Vm!.Value].AssertRow(row, $"{sample} vm {row.Vm}");
        }

        StatsJson byBoth = await StatsAsync(store, "--by", "reason,vcpu");
        Dictionary<(long, int, int), Expected> bothExpected = Expected.Group(truth.Exits, e => (e.Reason, e.Vm, e.Vcpu), Latency);
        Assert.Equal(bothExpected.Count, byBoth.Reasons.Count);
        foreach (JsonRow row in byBoth.Reasons)
        {
            Assert.Equal(Fields("reason", "code", "vm", "vcpu"), row.FieldNames);
            bothExpected[(row.Code!.Value, row.Vm!.Value, row.Vcpu!.Value)].AssertRow(row, $"{sample} reason {row.Code} vm {row.Vm} vcpu {row.Vcpu}");
        }

        // The same exits, however they are grouped.
        StatsJson byReason = await StatsAsync(store);
        long exits = truth.Exits.Count;
        Assert.Equal(exits, byReason.Reasons.Sum(x => x.Count));
        Assert.Equal(exits, byVcpu.Reasons.Sum(x => x.Count));
        Assert.Equal(exits, byVm.Reasons.Sum(x => x.Count));
        Assert.Equal(exits, byBoth.Reasons.Sum(x => x.Count));
        Assert.Equal(byReason.Reasons.Sum(x => x.TotalNs ?? 0), byVcpu.Reasons.Sum(x => x.TotalNs ?? 0));
        Assert.Equal(byReason.Reasons.Sum(x => x.TotalNs ?? 0), byBoth.Reasons.Sum(x => x.TotalNs ?? 0));
        foreach (JsonRow row in byReason.Reasons)
        {
            Assert.Equal(row.Count, byBoth.Reasons.Where(x => x.Code == row.Code).Sum(x => x.Count));
            Assert.Equal(row.Paired, byBoth.Reasons.Where(x => x.Code == row.Code).Sum(x => x.Paired));
        }

        // vcpus, userspace totals and the store totals do not depend on the grouping.
        foreach (StatsJson other in new[] { byVcpu, byVm, byBoth })
        {
            Assert.Equal(byReason.Vcpus, other.Vcpus);
            Assert.Equal(byReason.UserspaceExits, other.UserspaceExits);
            Assert.Equal((byReason.Events, byReason.Exits, byReason.Entries), (other.Events, other.Exits, other.Entries));
        }
    }

    [Theory]
    [MemberData(nameof(Samples.All), MemberType = typeof(Samples))]
    public async Task Event_userspace_rows_time_each_userspace_exit_to_the_threads_next_entry(string sample)
    {
        (string store, _, List<TextEvent> text) = await IngestAsync(sample);

        StatsJson json = await StatsAsync(store, "--event", "userspace");

        Dictionary<long, Expected> expected = Expected.Group(TextTrace.UserspaceLatencies(text), u => u.Code, u => u.Latency);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), json.Reasons.Select(x => x.Code!.Value).Order());
        foreach (JsonRow row in json.Reasons)
        {
            Assert.Equal(Fields("reason", "code"), row.FieldNames);
            Assert.Empty(row.Userspace);
            expected[row.Code!.Value].AssertRow(row, $"{sample} userspace {row.Reason}");
        }

        // The rows are the userspace_exits totals, with latencies.
        Assert.Equal(json.UserspaceExits.ToDictionary(u => u.Code, u => u.Count).OrderBy(kv => kv.Key),
            json.Reasons.ToDictionary(x => x.Code!.Value, x => x.Count).OrderBy(kv => kv.Key));
    }

    [Theory]
    [MemberData(nameof(AccessModes))]
    public async Task Event_mmio_ioport_msr_group_exits_by_their_first_access(string sample, string mode)
    {
        (string store, TruthFile truth, List<TextEvent> text) = await IngestAsync(sample);
        Dictionary<int, TruthExit> exitByLine = truth.Exits.ToDictionary(e => e.Line);

        StatsJson json = await StatsAsync(store, "--event", mode);

        Dictionary<int, (long Code, string Access)> accesses = TextTrace.FirstAccessByExitLine(text, mode);
        Assert.All(accesses.Keys, line => Assert.True(exitByLine.ContainsKey(line), $"text kvm_exit at line {line} is not in the truth"));
        Dictionary<(long, string), Expected> expected = Expected.Group(accesses, a => (a.Value.Code, a.Value.Access), a => Latency(exitByLine[a.Key]));
        Assert.NotEmpty(expected); // every sample shows MMIO, port I/O and MSR accesses (samples/traces/README.md)
        Assert.Equal(expected.Keys.Order(), json.Reasons.Select(x => (x.Code!.Value, x.Access!)).Order());
        foreach (JsonRow row in json.Reasons)
        {
            Assert.Equal(Fields("reason", "code", "access"), row.FieldNames);
            Assert.Equal(Label(mode, row.Code!.Value, row.Access!), row.Reason);
            expected[(row.Code.Value, row.Access!)].AssertRow(row, $"{sample} {mode} {row.Reason}");
        }

        // Each exit counts once, under its first access; exits without one are not counted.
        Assert.Equal(accesses.Count, json.Reasons.Sum(x => x.Count));
        Assert.True(json.Reasons.Sum(x => x.Count) <= truth.Exits.Count);
    }

    public static TheoryData<string, string> AccessModes()
    {
        var data = new TheoryData<string, string>();
        foreach (string sample in Samples.Names)
        {
            foreach (string mode in new[] { "mmio", "ioport", "msr" })
            {
                data.Add(sample, mode);
            }
        }

        return data;
    }

    /// <summary>docs/stats.md: <c>0xfee00380:W</c>, <c>0xc090:POUT</c> / <c>0x70:PIN</c>, <c>0x830:W</c> / <c>0x1b:R</c>.</summary>
    private static string Label(string mode, long code, string access)
    {
        string hex = "0x" + code.ToString("x", CultureInfo.InvariantCulture);
        return mode == "ioport" ? hex + (access == "write" ? ":POUT" : ":PIN") : hex + (access == "write" ? ":W" : ":R");
    }

    private static long? Latency(TruthExit e) => e.Paired ? e.Handling : null;

    private static string[] Fields(params string[] keys) => [.. keys, .. s_latencyFields];

    private async Task<(string Store, TruthFile Truth, List<TextEvent> Text)> IngestAsync(string sample)
    {
        string path = RepoPaths.Sample(sample);
        string store = _dir.File(Path.GetFileNameWithoutExtension(sample) + ".tlab");
        if (!File.Exists(store))
        {
            await InProcessCli.RunOkAsync("ingest", path, "-o", store, "--quiet");
        }

        return (store, TruthFile.Read(RepoPaths.TruthFor(path)), TextTrace.Read(path));
    }

    private static async Task<StatsJson> StatsAsync(string store, params string[] options)
    {
        CliResult r = await InProcessCli.RunOkAsync(["stats", store, "--json", .. options]);
        return StatsJson.Parse(r.Out);
    }
}
