using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Tests.Support;
using TraceLab.Store;
using TraceLab.Store.Kvm;

namespace TraceLab.Analysis.Tests;

public sealed class StatsEngineUserspaceTests
{
    [Fact]
    public void Each_reason_row_breaks_its_userspace_exits_down()
    {
        var trace = new TraceBuilder();
        trace.Exit(30, "IO_INSTRUCTION", 100, userspace: UserspaceExitReasons.Io);
        trace.Exit(30, "IO_INSTRUCTION", 100, userspace: UserspaceExitReasons.Io);
        trace.Exit(30, "IO_INSTRUCTION", 100, userspace: -4);
        trace.Exit(30, "IO_INSTRUCTION", 100);
        trace.Exit(48, "EPT_VIOLATION", 100, userspace: -14);
        trace.Exit(12, "HLT", 100);
        trace.UserspaceExitOnly(-4);

        StatsReport report = StatsEngine.Compute([trace.Build()], new StatsOptions());

        StatsRow io = StatsEngineCountTests.Row(report, 30);
        Assert.Equal([new UserspaceCount("KVM_EXIT_IO", 2, 2), new UserspaceCount("restart (4)", -4, 1)], io.Userspace);
        Assert.Equal([new UserspaceCount("error (14)", -14, 1)], StatsEngineCountTests.Row(report, 48).Userspace);
        Assert.Empty(StatsEngineCountTests.Row(report, 12).Userspace);

        // Totals count every kvm_userspace_exit, including the KVM_RUN that never entered the guest; ties go by code.
        Assert.Equal(
            [new UserspaceCount("restart (4)", -4, 2), new UserspaceCount("KVM_EXIT_IO", 2, 2), new UserspaceCount("error (14)", -14, 1)],
            report.UserspaceExits);
    }

    [Fact]
    public void Userspace_codes_have_stable_labels()
    {
        Assert.Equal("KVM_EXIT_TDX", UserspaceCode.Label(40));
        Assert.Equal("KVM_EXIT_#57", UserspaceCode.Label(57));
        Assert.Equal("restart (4)", UserspaceCode.Label(-4));
        Assert.Equal("error (5)", UserspaceCode.Label(-5));
        Assert.Null(UserspaceCode.FromExitColumns(-1, 0));
        Assert.Equal(-14, UserspaceCode.FromExitColumns(-2, 14));
        Assert.Equal(6, UserspaceCode.FromExitColumns(6, 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Userspace_mode_pairs_each_userspace_exit_with_the_next_entry_of_its_thread(int rowGroupSize)
    {
        StatsReport report = StatsEngine.Compute([UserspaceTrace(rowGroupSize)], new StatsOptions { Event = StatsEvent.Userspace });

        Assert.Collection(report.Rows,
            r => Assert.Equal(("KVM_EXIT_IO", 2L, 3L, 1L, 490L), (r.Reason!, r.Code!.Value, r.Latency.Count, r.Latency.Paired, r.Latency.TotalNs)),
            r => Assert.Equal(("restart (4)", -4L, 2L, 1L, 200L), (r.Reason!, r.Code!.Value, r.Latency.Count, r.Latency.Paired, r.Latency.TotalNs)),
            r => Assert.Equal(("KVM_EXIT_MMIO", 6L, 1L, 1L, 50L), (r.Reason!, r.Code!.Value, r.Latency.Count, r.Latency.Paired, r.Latency.TotalNs)));
        Assert.All(report.Rows, r => Assert.Empty(r.Userspace));
        Assert.Equal(6, report.UserspaceExits.Sum(u => u.Count));
    }

    [Fact]
    public void Userspace_mode_honours_the_vcpu_filter_and_grouping()
    {
        StatsReport vcpu1 = StatsEngine.Compute([UserspaceTrace(2)], new StatsOptions { Event = StatsEvent.Userspace, Vcpu = 1 });
        Assert.Collection(vcpu1.Rows,
            r => Assert.Equal(("KVM_EXIT_IO", 1L, 0L), (r.Reason!, r.Latency.Count, r.Latency.Paired)),
            r => Assert.Equal(("KVM_EXIT_MMIO", 1L, 50L), (r.Reason!, r.Latency.Count, r.Latency.TotalNs)));

        StatsReport byVcpu = StatsEngine.Compute([UserspaceTrace(2)], new StatsOptions { Event = StatsEvent.Userspace, GroupBy = StatsGrouping.Vcpu });
        Assert.Collection(byVcpu.Rows,
            r => Assert.Equal((0, 4L, 690L), (r.Vcpu!.Value, r.Latency.Count, r.Latency.TotalNs)),
            r => Assert.Equal((1, 2L, 50L), (r.Vcpu!.Value, r.Latency.Count, r.Latency.TotalNs)));
    }

    // Thread 100 (vcpu 0) and thread 101 (vcpu 1), interleaved. IO at 1010 → entry 1500 (490); MMIO 1200 → 1250 (50);
    // restart 2005 is followed by another KVM_RUN's restart 2100 (unpaired), which enters at 2300 (200); IO 3000 on
    // thread 101 never sees an entry; IO 3100 on thread 100 has an entry stamped earlier (clock skew): unpaired.
    private static MemoryStore UserspaceTrace(int rowGroupSize)
    {
        var trace = new TraceBuilder();
        trace.Event(EventKind.Exit, 100, 0, timestamp: 1000, a0: 30 | (1L << 32));
        trace.Event(EventKind.UserspaceExit, 100, 0, timestamp: 1010, a0: UserspaceExitReasons.Io);
        trace.Event(EventKind.UserspaceExit, 101, 1, timestamp: 1200, a0: UserspaceExitReasons.Mmio);
        trace.Event(EventKind.Entry, 101, 1, timestamp: 1250);
        trace.Event(EventKind.Entry, 100, 0, timestamp: 1500);
        trace.Event(EventKind.Exit, 100, 0, timestamp: 2000, a0: 12 | (1L << 32));
        trace.Event(EventKind.UserspaceExit, 100, 0, timestamp: 2005, a0: -1, a1: 4);
        trace.Event(EventKind.Fpu, 100, 0, timestamp: 2050, a0: 1);
        trace.Event(EventKind.UserspaceExit, 100, 0, timestamp: 2100, a0: -1, a1: 4);
        trace.Event(EventKind.Fpu, 100, 0, timestamp: 2200, a0: 1);
        trace.Event(EventKind.Entry, 100, 0, timestamp: 2300);
        trace.Event(EventKind.UserspaceExit, 101, 1, timestamp: 3000, a0: UserspaceExitReasons.Io);
        trace.Event(EventKind.UserspaceExit, 100, 0, timestamp: 3100, a0: UserspaceExitReasons.Io);
        trace.Event(EventKind.Entry, 100, 0, timestamp: 3050);
        return trace.Build(rowGroupSize);
    }
}
