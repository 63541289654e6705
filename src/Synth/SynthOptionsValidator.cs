namespace TraceLab.Synth;

/// <summary>Rejects option combinations no real tool produces, naming the option and what to change.</summary>
public static class SynthOptionsValidator
{
    /// <summary>Throws <see cref="ArgumentException"/> (ParamName = the option's property name) for a combination no real tool produces.</summary>
    public static void Validate(SynthOptions o)
    {
        Require(o.TargetEvents is null or > 0, nameof(o.TargetEvents), "must be positive");
        Require(o.TargetBytes is null or > 0, nameof(o.TargetBytes), "must be positive");
        Require(o.Mode != SynthMode.Tdx || o.Generation >= KernelGeneration.V6_16, nameof(o.Generation),
            "TDX host support starts with Linux 6.16 (spec §0); use V6_16 or V6_18 with Mode = Tdx");
        Require(o.VmCount is >= 1 and <= 64, nameof(o.VmCount), "must be 1..64");
        Require(o.VcpusPerVm is >= 1 and <= 256, nameof(o.VcpusPerVm), "must be 1..256");
        Require((long)o.VmCount * o.VcpusPerVm <= 1024, nameof(o.VcpusPerVm), "at most 1024 vCPUs in total");
        Require(o.HostCpus is >= 0 and <= 4096, nameof(o.HostCpus), "must be 0 (auto) or 1..4096");
        bool ftrace = o.Format is TraceFormat.Ftrace or TraceFormat.TracePipe;
        Require(o.Flags is null || ftrace || o.Flags == FlagColumns.None, nameof(o.Flags),
            "only ftrace/trace_pipe print a flag column; leave it null for trace-cmd and perf script");
        Require(o.Flags is null or FlagColumns.None || o.Generation != KernelGeneration.V2_6, nameof(o.Flags),
            "2.6-era ftrace had no irq-info column");
        Require(!o.Tgid || ftrace, nameof(o.Tgid), "record-tgid is an ftrace column; trace-cmd and perf script do not print it");
        Require(!o.Tgid || o.Generation != KernelGeneration.V2_6, nameof(o.Tgid), "record-tgid did not exist on 2.6 kernels");
        Require(o.Timestamps != TimestampStyle.RawCounter || o.Format != TraceFormat.PerfScript, nameof(o.Timestamps),
            "perf script prints nanoseconds, never raw counter values");
        Require(o.TraceCmdInstance is null || o.Format == TraceFormat.TraceCmd, nameof(o.TraceCmdInstance), "only trace-cmd report prints an instance prefix");
        Require(o.TraceCmdInstance is null || (o.TraceCmdInstance.Length > 0 && !o.TraceCmdInstance.Any(c => char.IsWhiteSpace(c) || c == ':' || c > 0x7e)),
            nameof(o.TraceCmdInstance), "must be non-empty printable ASCII without spaces or ':'");
        Require(!o.KvmPlugin || o.Format is TraceFormat.TraceCmd or TraceFormat.PerfScript, nameof(o.KvmPlugin),
            "the libtraceevent kvm plugin only applies to trace-cmd report and perf script");
        Require(o.PerfEventNameWidth is >= 0 and <= 64, nameof(o.PerfEventNameWidth), "must be 0..64");
        Require(o.TdxSharedBit is 47 or 51, nameof(o.TdxSharedBit), "GPAW 48 puts the shared bit at 47, GPAW 52 at 51 (spec §6.2)");
        Require(o.TscKhz is >= 100_000 and <= 10_000_000, nameof(o.TscKhz), "must be 100000..10000000 (0.1–10 GHz)");
        Require(o.Inject is not null, nameof(o.Inject), "must not be null; use an empty list to inject nothing");
        foreach (DivergenceKind kind in o.Inject!)
        {
            string? obstacle = DivergenceKinds.Obstacle(kind, o);
            Require(obstacle is null, nameof(o.Inject), obstacle!);
        }

        Require(o.InjectEvery is >= 5 and <= 1_000_000_000, nameof(o.InjectEvery),
            "must be 5..1000000000 exits (denser, injected exits drown the tells replay's --mode auto decides a VM's mode from)");
    }

    private static void Require(bool condition, string option, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"SynthOptions.{option}: {message}.", option);
        }
    }
}
