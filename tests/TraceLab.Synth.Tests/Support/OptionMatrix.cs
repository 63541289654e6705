namespace TraceLab.Synth.Tests.Support;

/// <summary>
/// The option combinations the format tests run, by readable name (theory data must be serializable, so tests take
/// the name and look the options up here).
/// </summary>
public static class OptionMatrix
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Generated>> s_generated = new(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, SynthOptions> All { get; } = Build();

    /// <summary>The trace for a case, generated once (with truth) and shared by every test class.</summary>
    public static Generated Trace(string name) => s_generated.GetOrAdd(name, n => new Lazy<Generated>(() => Generated.Run(All[n]))).Value;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    private static Dictionary<string, SynthOptions> Build()
    {
        var cases = new Dictionary<string, SynthOptions>(StringComparer.Ordinal);
        var b = new SynthOptions { TargetEvents = 1_200, VcpusPerVm = 3, Showcase = true, TaskNaming = TaskNaming.Mixed };
        int seed = 100;
        void Add(string name, SynthOptions o) => cases.Add(name, o with { Seed = seed++ });

        foreach (TraceFormat format in Enum.GetValues<TraceFormat>())
        {
            foreach (KernelGeneration g in Enum.GetValues<KernelGeneration>())
            {
                Add($"{format}-Vmx-{g}", b with { Format = format, Mode = SynthMode.Vmx, Generation = g });
                if (g >= KernelGeneration.V6_16)
                {
                    Add($"{format}-Tdx-{g}", b with { Format = format, Mode = SynthMode.Tdx, Generation = g });
                }
            }
        }

        foreach (FlagColumns flags in Enum.GetValues<FlagColumns>())
        {
            Add($"Ftrace-Tdx-tgid-flags{(int)flags}", b with { Flags = flags, Tgid = true });
            Add($"Ftrace-Vmx-V5_4-tgid-flags{(int)flags}", b with { Flags = flags, Tgid = true, Generation = KernelGeneration.V5_4, Mode = SynthMode.Vmx });
        }

        Add("TracePipe-Tdx-nsec", b with { Timestamps = TimestampStyle.Nsec, Format = TraceFormat.TracePipe });
        Add("Ftrace-Tdx-rawcounter", b with { Timestamps = TimestampStyle.RawCounter });
        Add("TraceCmd-Vmx-plugin-rawcounter", b with { Timestamps = TimestampStyle.RawCounter, Format = TraceFormat.TraceCmd, KvmPlugin = true, Mode = SynthMode.Vmx });
        Add("TraceCmd-Tdx-plugin-instance", b with { Format = TraceFormat.TraceCmd, TraceCmdInstance = "realtrace_5898", KvmPlugin = true });
        Add("TraceCmd-Vmx-V4-plugin", b with { Format = TraceFormat.TraceCmd, KvmPlugin = true, Mode = SynthMode.Vmx, Generation = KernelGeneration.V4 });
        Add("PerfScript-Tdx-plugin-nsec-unknowncomm", b with { Format = TraceFormat.PerfScript, KvmPlugin = true, Timestamps = TimestampStyle.Nsec, TaskNaming = TaskNaming.Unknown });
        Add("PerfScript-Tdx-width22-qemucomm", b with { Format = TraceFormat.PerfScript, PerfEventNameWidth = 22, TaskNaming = TaskNaming.QemuSystem });
        Add("Ftrace-Tdx-3vms-bit51-fc00", b with { VmCount = 3, VcpusPerVm = 4, HostCpus = 8, TdxSharedBit = 51, TdxGprMask = 0xfc00 });
        Add("Ftrace-Vmx-3vms-overcommit", b with { Mode = SynthMode.Vmx, VmCount = 3, VcpusPerVm = 4, HostCpus = 6, Showcase = false });
        Add("Ftrace-Tdx-random", b with { Showcase = false, TargetEvents = 4_000 });
        Add("Ftrace-Tdx-1vcpu", b with { VcpusPerVm = 1, DeviceInterrupts = false });
        return cases;
    }
}
