using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Tests.Support;
using TraceLab.Store;
using TraceLab.Store.Kvm;

namespace TraceLab.Analysis.Tests;

public sealed class StatsEngineAccessModeTests
{
    private static MemoryStore AccessTrace(int rowGroupSize)
    {
        var trace = new TraceBuilder();
        trace.Exit(49, "EPT_MISCONFIG", 100, companions: [(EventKind.Mmio, 2, 4, 0xfee00380)]);
        trace.Exit(49, "EPT_MISCONFIG", 300, companions: [(EventKind.Mmio, 2, 4, 0xfee00380)]);
        // A read that went to userspace: unsatisfied-read first, the completed read after the next KVM_RUN.
        trace.Exit(49, "EPT_MISCONFIG", 5000, userspace: UserspaceExitReasons.Mmio,
            companions: [(EventKind.Mmio, 0, 4, 0xfee00300), (EventKind.Mmio, 1, 4, 0xfee00300)]);
        trace.Exit(49, "EPT_MISCONFIG", 40, companions: [(EventKind.FastMmio, 0xfe003000, 0, 0)]);
        trace.Exit(48, "EPT_VIOLATION", 60);
        trace.Exit(30, "IO_INSTRUCTION", 900, userspace: UserspaceExitReasons.Io, companions: [(EventKind.Pio, 1, 0xc090, 4)]);
        trace.Exit(30, "IO_INSTRUCTION", 800, tid: 100, vcpu: 0, vm: 0, isa: Isa.Vmx, userspace: null, interleaveForeign: true,
            companions: [(EventKind.Pio, 0, 0x70, 1), (EventKind.Fpu, 1, 0, 0)]);
        trace.Exit(32, "MSR_WRITE", 20, companions: [(EventKind.Msr, 1, 0x830, 0x1)]);
        trace.Exit(31, "MSR_READ", 25, tid: 100, vcpu: 0, vm: 0, isa: Isa.Vmx, userspace: null, interleaveForeign: true,
            companions: [(EventKind.Cpuid, 0, 0, 0), (EventKind.Msr, 0, 0x1b, 0xfee00900)]);
        trace.Exit(31, "MSR_READ", -1, companions: [(EventKind.Msr, 0, 0x1b, 0xfee00900)]);
        trace.ShuffleExits(1);
        return trace.Build(rowGroupSize);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1000)]
    public void Mmio_groups_exits_by_gpa_and_direction(int rowGroupSize)
    {
        StatsReport report = StatsEngine.Compute([AccessTrace(rowGroupSize)], new StatsOptions { Event = StatsEvent.Mmio });

        Assert.Collection(report.Rows,
            r => Assert.Equal(("0xfee00380:W", 0xfee00380L, "write", 2L, 400L), (r.Reason!, r.Code!.Value, r.Access!, r.Latency.Count, r.Latency.TotalNs)),
            r => Assert.Equal(("0xfe003000:W", 0xfe003000L, "write", 1L, 40L), (r.Reason!, r.Code!.Value, r.Access!, r.Latency.Count, r.Latency.TotalNs)),
            r => Assert.Equal(("0xfee00300:R", 0xfee00300L, "read", 1L, 5000L), (r.Reason!, r.Code!.Value, r.Access!, r.Latency.Count, r.Latency.TotalNs)));
        Assert.Equal([new UserspaceCount("KVM_EXIT_MMIO", 6, 1)], report.Rows[2].Userspace);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1000)]
    public void Ioport_groups_exits_by_port_and_direction_ignoring_other_threads(int rowGroupSize)
    {
        StatsReport report = StatsEngine.Compute([AccessTrace(rowGroupSize)], new StatsOptions { Event = StatsEvent.IoPort });

        Assert.Collection(report.Rows,
            r => Assert.Equal(("0x70:PIN", 0x70L, "read", 1L, 800L), (r.Reason!, r.Code!.Value, r.Access!, r.Latency.Count, r.Latency.TotalNs)),
            r => Assert.Equal(("0xc090:POUT", 0xc090L, "write", 1L, 900L), (r.Reason!, r.Code!.Value, r.Access!, r.Latency.Count, r.Latency.TotalNs)));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1000)]
    public void Msr_groups_exits_by_index_and_direction(int rowGroupSize)
    {
        StatsReport report = StatsEngine.Compute([AccessTrace(rowGroupSize)], new StatsOptions { Event = StatsEvent.Msr });

        Assert.Collection(report.Rows,
            r => Assert.Equal(("0x1b:R", 0x1bL, 2L, 1L, 25L), (r.Reason!, r.Code!.Value, r.Latency.Count, r.Latency.Paired, r.Latency.TotalNs)),
            r => Assert.Equal(("0x830:W", 0x830L, 1L, 1L, 20L), (r.Reason!, r.Code!.Value, r.Latency.Count, r.Latency.Paired, r.Latency.TotalNs)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1000)]
    public void Stores_without_companion_last_take_the_threads_first_companion_count_events(int rowGroupSize)
    {
        var trace = new TraceBuilder();
        trace.Exit(30, "IO_INSTRUCTION", 800, tid: 100, vcpu: 0, vm: 0, isa: Isa.Vmx, userspace: null, interleaveForeign: true,
            companions: [(EventKind.Fpu, 1, 0, 0), (EventKind.Pio, 0, 0x70, 1)]);
        trace.Exit(30, "IO_INSTRUCTION", 900, companions: [(EventKind.Pio, 1, 0xc090, 4)]);
        MemoryStore store = trace.Build(rowGroupSize, withoutCompanionLast: true);
        Assert.Equal(-1, store.GetTable("exits")!.Schema.IndexOf("companion_last"));

        StatsReport report = StatsEngine.Compute([store], new StatsOptions { Event = StatsEvent.IoPort });

        Assert.Equal(["0x70:PIN", "0xc090:POUT"], report.Rows.Select(r => r.Reason!));
    }

    [Fact]
    public void Access_modes_group_by_vcpu_too()
    {
        StatsReport report = StatsEngine.Compute([AccessTrace(4)], new StatsOptions { Event = StatsEvent.Mmio, GroupBy = StatsGrouping.ReasonVcpu });

        Assert.Equal(3, report.Rows.Count);
        Assert.All(report.Rows, r => Assert.Equal((0, 0), (r.Vm!.Value, r.Vcpu!.Value)));
    }
}
