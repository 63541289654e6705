namespace TraceLab.Synth;

/// <summary>
/// Everything that shapes a synthetic trace. The same options and <see cref="Seed"/> always give byte-identical output.
/// Invalid combinations are rejected by <see cref="TraceSynthesizer.Write"/> with an <see cref="ArgumentException"/> naming the option.
/// </summary>
public sealed record SynthOptions
{
    /// <summary>Seed of the generator's own PRNG (xoshiro256**), so output does not depend on the .NET version.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Number of trace events to write (header lines not counted). With <see cref="TargetBytes"/> too, whichever is reached
    /// first ends the trace; with neither, 10,000 events.
    /// </summary>
    public long? TargetEvents { get; init; }

    /// <summary>
    /// Approximate output size. Without a header the trace stops at the first line end at or past this size; for
    /// <see cref="TraceFormat.Ftrace"/> the header must state the event count up front, so the size is converted to an
    /// event count from a calibration run over the first events (the result lands within a few percent).
    /// </summary>
    public long? TargetBytes { get; init; }

    public SynthMode Mode { get; init; } = SynthMode.Tdx;

    public TraceFormat Format { get; init; } = TraceFormat.Ftrace;

    /// <summary>Print formats of this kernel generation (spec §1.3). TDX needs <see cref="KernelGeneration.V6_16"/> or later.</summary>
    public KernelGeneration Generation { get; init; } = KernelGeneration.V6_18;

    /// <summary>Flag column for ftrace/trace_pipe; null picks the generation's default (none for 2.6, four before 5.13-ish, five after).</summary>
    public FlagColumns? Flags { get; init; }

    /// <summary>ftrace <c>options/record-tgid</c>: adds the <c>(   7280)</c> column after the task.</summary>
    public bool Tgid { get; init; }

    public TimestampStyle Timestamps { get; init; } = TimestampStyle.Usec;

    public int VmCount { get; init; } = 1;

    public int VcpusPerVm { get; init; } = 2;

    /// <summary>Host CPU count (ftrace <c>#P:</c>, trace-cmd <c>cpus=</c>); 0 picks enough CPUs for every vCPU plus two.</summary>
    public int HostCpus { get; init; }

    public TaskNaming TaskNaming { get; init; } = TaskNaming.CpuKvm;

    /// <summary>trace-cmd instance name printed as a <c>name: </c> prefix on every line (e.g. <c>realtrace_5898</c>); null for none.</summary>
    public string? TraceCmdInstance { get; init; }

    /// <summary>
    /// Render kvm_exit/kvm_entry/kvm_emulate_insn the way libtraceevent's kvm plugin does (trace-cmd/perf only):
    /// <c>reason APIC_WRITE rip 0x.. info 380 0</c>, <c> vcpu 0 rip 0x..</c>, <c>UNKNOWN (77)</c> for names the plugin lacks.
    /// </summary>
    public bool KvmPlugin { get; init; }

    /// <summary>Width perf script pads <c>kvm:event</c> to: the longest event name recorded (34 for <c>-e 'kvm:*'</c>).</summary>
    public int PerfEventNameWidth { get; init; } = 34;

    /// <summary>TDX shared-GPA bit: 47 (GPAW 48) or 51 (GPAW 52), spec §6.2.</summary>
    public int TdxSharedBit { get; init; } = 47;

    /// <summary>GPR mask TDVMCALL-derived exits carry in info1 (0xffcc for current Linux TDs, 0xfc00 for older ones; spec §2.4).</summary>
    public ulong TdxGprMask { get; init; } = 0xffcc;

    /// <summary>End VM 0 with a TDVMCALL&lt;ReportFatalError&gt; (KVM_EXIT_SYSTEM_EVENT) near the end of the trace (TDX only).</summary>
    public bool ReportFatalErrorAtEnd { get; init; }

    /// <summary>Add a per-VM vhost thread whose MSI interrupts (kvm_apic_accept_irq) wake halted vCPUs.</summary>
    public bool DeviceInterrupts { get; init; } = true;

    /// <summary>
    /// Start every vCPU with a scripted run of the mode's rare scenarios (MapGPA chain, GetQuote, MMIO first touch, IPI wake,
    /// OPERAND_BUSY, OTHER_SMI, signal restart, …) before the random mix, so even a 200-line trace covers them.
    /// </summary>
    public bool Showcase { get; init; }

    /// <summary>TSC frequency in kHz, used for TSC-deadline MSR values and <see cref="TimestampStyle.RawCounter"/> ticks.</summary>
    public long TscKhz { get; init; } = 2_100_000;

    /// <summary>
    /// Divergences to write into the trace on purpose, for testing <c>tracelab replay</c>: about one injected episode per
    /// <see cref="InjectEvery"/> exits, the kinds taken in turn. Each gives replay exactly one report; the truth lists them
    /// (<see cref="Truth.SynthTruth.Injected"/>). Empty (the default) injects nothing and leaves the output unchanged.
    /// </summary>
    public IReadOnlyList<DivergenceKind> Inject { get; init; } = [];

    /// <summary>
    /// Mean number of exits between two injected episodes (each gap is uniform in [N/2, 3N/2], from the seed); at least 5,
    /// so the ordinary exits still tell replay's <c>--mode auto</c> which kind of guest each VM is.
    /// </summary>
    public int InjectEvery { get; init; } = 500;
}
