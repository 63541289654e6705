namespace TraceLab.Synth.Model;

/// <summary>Tracepoint names by <see cref="SynthEventKind"/>.</summary>
internal static class EventNames
{
    public const int Count = 17;

    private static readonly string[] s_names =
    [
        "kvm_exit", "kvm_entry", "kvm_fpu", "kvm_userspace_exit", "kvm_page_fault", "kvm_pio", "kvm_mmio",
        "kvm_fast_mmio", "kvm_msr", "kvm_cpuid", "kvm_hypercall", "kvm_vcpu_wakeup", "kvm_halt_poll_ns",
        "kvm_inj_virq", "kvm_emulate_insn", "kvm_apic_accept_irq", "kvm_apicv_accept_irq",
    ];

    public static string Of(SynthEventKind kind) => s_names[(int)kind];
}
