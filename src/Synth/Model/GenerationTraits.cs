namespace TraceLab.Synth.Model;

/// <summary>
/// What a <see cref="KernelGeneration"/> prints, one switch per difference (spec §1.3 and the corpus samples).
/// Boundaries the spec marks [I] are approximate and noted where they are used.
/// </summary>
internal sealed class GenerationTraits
{
    public GenerationTraits(KernelGeneration generation)
    {
        Generation = generation;
    }

    public KernelGeneration Generation { get; }

    public bool AtLeast(KernelGeneration g) => Generation >= g;

    /// <summary>kvm_exit carries <c>vcpu %u</c> (5.4+).</summary>
    public bool ExitHasVcpu => AtLeast(KernelGeneration.V5_4);

    /// <summary>kvm_exit has the info1/info2/intr_info/error_code layout with reason flags (5.9+).</summary>
    public bool ExitHasFullInfo => AtLeast(KernelGeneration.V5_9);

    /// <summary>kvm_exit/kvm_entry carry requests and intr_info/error_code (6.14+).</summary>
    public bool HasRequests => AtLeast(KernelGeneration.V6_14);

    /// <summary>kvm_entry prints <c>, rip 0x%lx</c> (5.9+).</summary>
    public bool EntryHasRip => AtLeast(KernelGeneration.V5_9);

    /// <summary>kvm_entry appends <c>[immediate exit]</c> when set (6.10+).</summary>
    public bool EntryHasImmediateExit => AtLeast(KernelGeneration.V6_10);

    /// <summary>kvm_page_fault prints <c>vcpu %u rip 0x%lx address 0x%016llx error_code 0x%llx</c> (recent; 6.14+ assumed).</summary>
    public bool PageFaultHasVcpu => AtLeast(KernelGeneration.V6_14);

    /// <summary>kvm_pio prints <c>val 0x%x %s</c> (with its trailing space) after 2.6.</summary>
    public bool PioHasVal => AtLeast(KernelGeneration.V4);

    /// <summary>kvm_msr may print <c> (#GP)</c> (3.x+).</summary>
    public bool MsrHasException => AtLeast(KernelGeneration.V4);

    /// <summary>kvm_cpuid prints <c>idx</c> and <c>, cpuid entry found</c> (5.x+, spec [I]).</summary>
    public bool CpuidHasIndex => AtLeast(KernelGeneration.V5_4);

    /// <summary>kvm_inj_virq prints <c>IRQ 0x%x</c> instead of <c>irq %u</c> (~6.10+, spec [I]).</summary>
    public bool InjVirqHex => AtLeast(KernelGeneration.V6_10);

    /// <summary>kvm_vcpu_wakeup and kvm_halt_poll_ns exist (halt polling, 4.x+).</summary>
    public bool HasHaltPolling => AtLeast(KernelGeneration.V4);

    /// <summary>ftrace pads the pid with <c>%-7d</c> (5.x+) instead of <c>%-5d</c>.</summary>
    public int FtracePidWidth => AtLeast(KernelGeneration.V5_9) ? 7 : 5;

    /// <summary>Largest KVM_EXIT_* code the kvm_userspace_exit symbol list names; larger codes print as <c>0x%x</c>.</summary>
    public int MaxNamedUserspaceExit => Generation switch
    {
        KernelGeneration.V2_6 => 17,
        KernelGeneration.V4 => 27,
        KernelGeneration.V5_4 or KernelGeneration.V5_9 => 28,
        _ => 30,
    };

    /// <summary>Flag column a default-configured kernel of this generation prints.</summary>
    public FlagColumns DefaultFlags => Generation switch
    {
        KernelGeneration.V2_6 => FlagColumns.None,
        KernelGeneration.V4 or KernelGeneration.V5_4 or KernelGeneration.V5_9 => FlagColumns.Four,
        _ => FlagColumns.Five,
    };
}
