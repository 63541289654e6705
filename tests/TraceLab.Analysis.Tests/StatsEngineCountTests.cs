using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Tests.Support;
using TraceLab.Store;
using TraceLab.Store.Kvm;

namespace TraceLab.Analysis.Tests;

public sealed class StatsEngineCountTests
{
    [Fact]
    public void Count_total_min_max_and_mean_are_exact()
    {
        var trace = new TraceBuilder();
        trace.Exit(12, "HLT", 100);
        trace.Exit(12, "HLT", 200);
        trace.Exit(12, "HLT", 400);
        trace.Exit(30, "IO_INSTRUCTION", 7);

        StatsReport report = Compute(trace.Build());

        StatsRow hlt = Row(report, 12);
        Assert.Equal("HLT", hlt.Reason);
        Assert.Equal(Isa.Vmx, hlt.Isa);
        Assert.Equal(3, hlt.Latency.Count);
        Assert.Equal(3, hlt.Latency.Paired);
        Assert.Equal(700, hlt.Latency.TotalNs);
        Assert.Equal(100, hlt.Latency.MinNs);
        Assert.Equal(400, hlt.Latency.MaxNs);
        Assert.Equal(233.333m, hlt.Latency.MeanNs);
        Assert.Equal(200, hlt.Latency.P50Ns);
        Assert.Equal(400, hlt.Latency.P90Ns);
        Assert.True(hlt.Latency.ExactPercentiles);
        Assert.Equal(4, report.TotalCount);
        Assert.Equal(707, report.TotalNs);
    }

    [Fact]
    public void Unpaired_exits_count_but_have_no_latency()
    {
        var trace = new TraceBuilder();
        trace.Exit(48, "EPT_VIOLATION", 1000);
        trace.Exit(48, "EPT_VIOLATION", -1);
        trace.Exit(1, "EXTERNAL_INTERRUPT", -1);

        StatsReport report = Compute(trace.Build());

        StatsRow ept = Row(report, 48);
        Assert.Equal(2, ept.Latency.Count);
        Assert.Equal(1, ept.Latency.Paired);
        Assert.Equal(1000, ept.Latency.TotalNs);
        Assert.Equal(1000m, ept.Latency.MeanNs);

        StatsRow irq = Row(report, 1);
        Assert.Equal(1, irq.Latency.Count);
        Assert.Equal(0, irq.Latency.Paired);
        Assert.Equal(0, irq.Latency.TotalNs);
        Assert.Null(irq.Latency.MinNs);
        Assert.Null(irq.Latency.P50Ns);
        Assert.Null(irq.Latency.MeanNs);
        Assert.Equal(3, report.TotalCount);
        Assert.Equal(1, report.TotalPaired);
    }

    [Fact]
    public void Flag_bits_make_their_own_rows_named_from_the_pool()
    {
        var trace = new TraceBuilder();
        trace.Exit(0xFFFF_FFFF, "0xffff FAILED_VMENTRY 0x7fff0000", 50);
        trace.Exit(0xFFFF_FFFF, "0xffff FAILED_VMENTRY 0x7fff0000", 70);
        trace.Exit(0x8000_0021, "INVALID_STATE FAILED_VMENTRY", 30);
        trace.Exit(0x21, "INVALID_STATE", 10);
        trace.Exit(0x0400_004D, "TDCALL 0x4000000", 10);
        trace.Exit(0x4D, "TDCALL", 20);

        StatsReport report = Compute(trace.Build());

        Assert.Equal(5, report.Rows.Count);
        StatsRow failed = Row(report, 0xFFFF_FFFF);
        Assert.Equal("0xffff FAILED_VMENTRY 0x7fff0000", failed.Reason);
        Assert.Equal(2, failed.Latency.Count);
        Assert.Equal(120, failed.Latency.TotalNs);
        Assert.Equal("INVALID_STATE FAILED_VMENTRY", Row(report, 0x8000_0021).Reason);
        Assert.Equal("INVALID_STATE", Row(report, 0x21).Reason);
        Assert.Equal("TDCALL 0x4000000", Row(report, 0x0400_004D).Reason);
        Assert.Equal(1, Row(report, 0x4D).Latency.Count);
    }

    [Fact]
    public void Same_code_on_another_isa_is_another_row()
    {
        var trace = new TraceBuilder();
        trace.Exit(0x78, "hlt", 10, isa: Isa.Svm);
        trace.Exit(0x78, "0x78", 20, isa: Isa.Vmx);

        StatsReport report = Compute(trace.Build());

        Assert.Equal(2, report.Rows.Count);
        Assert.Equal(Isa.Vmx, report.Rows[0].Isa);
        Assert.Equal("0x78", report.Rows[0].Reason);
        Assert.Equal(Isa.Svm, report.Rows[1].Isa);
        Assert.Equal("hlt", report.Rows[1].Reason);
    }

    [Fact]
    public void Rows_are_sorted_by_count_descending_then_code()
    {
        var trace = new TraceBuilder();
        trace.Exit(30, "IO_INSTRUCTION", 1);
        trace.Exit(12, "HLT", 1);
        trace.Exit(48, "EPT_VIOLATION", 1);
        trace.Exit(48, "EPT_VIOLATION", 1);

        StatsReport report = Compute(trace.Build());

        Assert.Equal([48L, 12L, 30L], [.. report.Rows.Select(r => r.Code!.Value)]);
    }

    [Fact]
    public void Names_fall_back_to_the_kernel_tables_when_the_pool_lacks_them()
    {
        MemoryStore store = ColumnarExits.Create([5, 6], code: 10, name: "CPUID");
        store.SetStringPool(StringPools.Reasons, []);

        StatsReport report = Compute(store);

        Assert.Equal("CPUID", report.Rows[0].Reason);
    }

    [Fact]
    public void Totals_come_from_the_store_metadata()
    {
        var trace = new TraceBuilder();
        trace.Exit(12, "HLT", 100);
        trace.Exit(12, "HLT", -1);

        StatsReport report = Compute(trace.Build());

        Assert.Equal(3, report.Events);
        Assert.Equal(2, report.Exits);
        Assert.Equal(1, report.Entries);
        Assert.Equal("ns", report.TimeUnit);
    }

    internal static StatsReport Compute(MemoryStore store, StatsOptions? options = null) =>
        StatsEngine.Compute([store], options ?? new StatsOptions());

    internal static StatsRow Row(StatsReport report, long code) => Assert.Single(report.Rows, r => r.Code == code);
}
