using TraceLab.Analysis.Stats;
using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Metadata;

namespace TraceLab.Analysis.Tests.Support;

/// <summary>Small traces the writer tests share.</summary>
internal static class SampleReports
{
    public static MemoryStore Store()
    {
        var trace = new TraceBuilder();
        trace.Exit(12, "HLT", 100, userspace: -4);
        trace.Exit(12, "HLT", 200);
        trace.Exit(12, "HLT", 400);
        trace.Exit(30, "IO_INSTRUCTION", 1_234_567, userspace: UserspaceExitReasons.Io, companions: [(EventKind.Pio, 1, 0xc090, 4)]);
        trace.Exit(0xFFFF_FFFF, "0xffff FAILED_VMENTRY 0x7fff0000", -1);
        trace.Exit(0x40, "DE excp", 5, isa: Isa.Svm);
        trace.Exit(0x99, "odd, \"quoted\" name", 5);
        trace.Metadata.Vcpus.Add(new VcpuInfo { Vm = 0, Vcpu = 0, Tid = 100, Task = "CPU 0/KVM", Exits = 7 });
        trace.Metadata.Issues.Add(new IssueSummary
        {
            Kind = "unpaired-entry",
            Severity = "warning",
            Count = 3,
            Samples = [new IssueSample { File = "trace.txt", Line = 42, Column = 7, Text = "kvm_entry: vcpu 0" }],
        });
        return trace.Build(rowGroupSize: 4);
    }

    public static StatsReport Report(StatsOptions? options = null) => StatsEngine.Compute([Store()], options ?? new StatsOptions());
}
