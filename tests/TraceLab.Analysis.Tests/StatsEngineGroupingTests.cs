using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Analysis.Tests;

public sealed class StatsEngineGroupingTests
{
    // vm 0: vcpu 0 (tid 100) 2×HLT + 1×CPUID, vcpu 1 (tid 101) 1×HLT; vm 1: vcpu 0 (tid 200) 3×CPUID.
    private static MemoryStore TwoVms()
    {
        var trace = new TraceBuilder();
        trace.Exit(12, "HLT", 100, tid: 100, vcpu: 0, vm: 0);
        trace.Exit(12, "HLT", 300, tid: 100, vcpu: 0, vm: 0);
        trace.Exit(10, "CPUID", 5, tid: 100, vcpu: 0, vm: 0);
        trace.Exit(12, "HLT", 50, tid: 101, vcpu: 1, vm: 0);
        trace.Exit(10, "CPUID", 7, tid: 200, vcpu: 0, vm: 1);
        trace.Exit(10, "CPUID", 8, tid: 200, vcpu: 0, vm: 1);
        trace.Exit(10, "CPUID", 9, tid: 200, vcpu: 0, vm: 1);
        trace.Metadata.Vcpus.AddRange(
        [
            new() { Vm = 1, Vcpu = 0, Tid = 200, Exits = 3 },
            new() { Vm = 0, Vcpu = 1, Tid = 101, Exits = 1 },
            new() { Vm = 0, Vcpu = 0, Tid = 100, Exits = 3 },
        ]);
        return trace.Build(rowGroupSize: 4);
    }

    [Fact]
    public void By_reason()
    {
        StatsReport report = Compute(StatsGrouping.Reason);

        Assert.Collection(report.Rows,
            r => Assert.Equal(("CPUID", 4L, 29L), (r.Reason!, r.Latency.Count, r.Latency.TotalNs)),
            r => Assert.Equal(("HLT", 3L, 450L), (r.Reason!, r.Latency.Count, r.Latency.TotalNs)));
        Assert.All(report.Rows, r => Assert.Null(r.Vm));
        Assert.All(report.Rows, r => Assert.Null(r.Vcpu));
    }

    [Fact]
    public void By_vcpu_keys_on_vm_and_vcpu()
    {
        StatsReport report = Compute(StatsGrouping.Vcpu);

        Assert.Collection(report.Rows,
            r => Assert.Equal((0, 0, 3L, 405L), (r.Vm!.Value, r.Vcpu!.Value, r.Latency.Count, r.Latency.TotalNs)),
            r => Assert.Equal((1, 0, 3L, 24L), (r.Vm!.Value, r.Vcpu!.Value, r.Latency.Count, r.Latency.TotalNs)),
            r => Assert.Equal((0, 1, 1L, 50L), (r.Vm!.Value, r.Vcpu!.Value, r.Latency.Count, r.Latency.TotalNs)));
        Assert.All(report.Rows, r => Assert.Null(r.Reason));
        Assert.All(report.Rows, r => Assert.Null(r.Code));
    }

    [Fact]
    public void By_vm()
    {
        StatsReport report = Compute(StatsGrouping.Vm);

        Assert.Collection(report.Rows,
            r => Assert.Equal((0, 4L, 455L), (r.Vm!.Value, r.Latency.Count, r.Latency.TotalNs)),
            r => Assert.Equal((1, 3L, 24L), (r.Vm!.Value, r.Latency.Count, r.Latency.TotalNs)));
        Assert.All(report.Rows, r => Assert.Null(r.Vcpu));
    }

    [Fact]
    public void By_reason_and_vcpu()
    {
        StatsReport report = Compute(StatsGrouping.ReasonVcpu);

        Assert.Equal(4, report.Rows.Count);
        Assert.Collection(report.Rows,
            r => Assert.Equal(("CPUID", 1, 0, 3L), (r.Reason!, r.Vm!.Value, r.Vcpu!.Value, r.Latency.Count)),
            r => Assert.Equal(("HLT", 0, 0, 2L), (r.Reason!, r.Vm!.Value, r.Vcpu!.Value, r.Latency.Count)),
            r => Assert.Equal(("CPUID", 0, 0, 1L), (r.Reason!, r.Vm!.Value, r.Vcpu!.Value, r.Latency.Count)),
            r => Assert.Equal(("HLT", 0, 1, 1L), (r.Reason!, r.Vm!.Value, r.Vcpu!.Value, r.Latency.Count)));
    }

    [Fact]
    public void Vcpu_and_vm_filters()
    {
        StatsReport vcpu0 = StatsEngine.Compute([TwoVms()], new StatsOptions { Vcpu = 0 });
        Assert.Equal(6, vcpu0.TotalCount);
        Assert.Equal([(0, 0), (1, 0)], vcpu0.Vcpus.Select(v => (v.Vm, v.Vcpu)));

        StatsReport vm0vcpu0 = StatsEngine.Compute([TwoVms()], new StatsOptions { Vcpu = 0, Vm = 0 });
        Assert.Equal(3, vm0vcpu0.TotalCount);
        Assert.Equal(2, StatsEngineCountTests.Row(vm0vcpu0, 12).Latency.Count);

        StatsReport none = StatsEngine.Compute([TwoVms()], new StatsOptions { Vcpu = 7 });
        Assert.Empty(none.Rows);
        Assert.Equal(0, none.TotalCount);
    }

    [Fact]
    public void Vcpu_list_comes_from_metadata_sorted()
    {
        StatsReport report = Compute(StatsGrouping.Reason);

        Assert.Equal(
            [new VcpuSummary(0, 0, 100, 3), new VcpuSummary(0, 1, 101, 1), new VcpuSummary(1, 0, 200, 3)],
            report.Vcpus);
    }

    private static StatsReport Compute(StatsGrouping grouping) =>
        StatsEngine.Compute([TwoVms()], new StatsOptions { GroupBy = grouping });
}
