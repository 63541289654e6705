using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Stats.Writers;
using TraceLab.Analysis.Tests.Support;

namespace TraceLab.Analysis.Tests;

public sealed class TableStatsWriterTests
{
    [Fact]
    public void Looks_like_perf_kvm_stat_report_with_percentiles()
    {
        string[] lines = Write(SampleReports.Report()).Split('\n');

        Assert.Equal("Analyze vmexit events for all VMs, all vCPUs (times in µs):", lines[0]);
        Assert.Matches(@"^VM-EXIT\s+Samples\s+Samples%\s+Time%\s+Min\s+p50\s+p90\s+p99\s+p99\.9\s+Max\s+Mean$", lines[2]);
        Assert.Matches(@"^HLT\s+3\s+42\.86%\s+0\.06%\s+0\.100\s+0\.200\s+0\.400\s+0\.400\s+0\.400\s+0\.400\s+0\.233$", lines[3]);
        Assert.Matches(@"^IO_INSTRUCTION\s+1\s+14\.29%\s+99\.94%\s+1234\.567\s+1234\.567", lines[4]);
        Assert.Matches(@"^0xffff FAILED_VMENTRY 0x7fff0000\s+1\s+14\.29%\s+0\.00%(\s+-){7}$", lines[7]);
        Assert.Contains("Total samples: 7, paired: 6, total handled time: 1235.277 µs", lines);
        Assert.Contains("(1 without a following kvm_entry: counted in Samples, not in the times)", lines);
        Assert.Contains("  HLT: restart (4) 1", lines);
        Assert.Contains("  IO_INSTRUCTION: KVM_EXIT_IO 1", lines);
        Assert.Contains("Userspace exits (kvm_userspace_exit): 2 (restart (4) 1, KVM_EXIT_IO 1)", lines);
        Assert.Contains("Ingest issues: 3 (unpaired-entry 3); --json lists where they happened", lines);
    }

    [Fact]
    public void Ticks_are_shown_raw()
    {
        var trace = new TraceBuilder();
        trace.Metadata.TimeUnit = "ticks";
        trace.Exit(12, "HLT", 2500);
        string text = Write(StatsEngine.Compute([trace.Build()], new StatsOptions { GroupBy = StatsGrouping.Vcpu, Vcpu = 0 }));

        Assert.StartsWith("Analyze vmexit events for all VMs, vCPU 0 (times in clock ticks):", text, StringComparison.Ordinal);
        Assert.Matches(@"\nVM\s+VCPU\s+Samples", text);
        Assert.Matches(@"\n\s*0\s+0\s+1\s+100\.00%\s+100\.00%\s+2500\s+2500\s+2500\s+2500\s+2500\s+2500\s+2500\.000\n", text);
        Assert.Contains("Ingest issues: none", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_does_not_depend_on_the_culture()
    {
        StatsReport report = SampleReports.Report();
        string[] outputs = [.. Cultures.Names.Select(c => Cultures.Run(c, () => Write(report)))];
        Assert.All(outputs, o => Assert.Equal(outputs[0], o));
    }

    private static string Write(StatsReport report)
    {
        using var writer = new StringWriter();
        TableStatsWriter.Write(report, writer);
        return writer.ToString();
    }
}
