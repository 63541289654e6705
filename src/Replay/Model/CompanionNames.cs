namespace TraceLab.Replay.Model;

/// <summary>How a <see cref="Companion"/> reads in a trace, for messages.</summary>
public static class CompanionNames
{
    public static string Of(Companion c) => c switch
    {
        Companion.PioRead => "kvm_pio read",
        Companion.PioWrite => "kvm_pio write",
        Companion.MmioRead => "kvm_mmio read",
        Companion.MmioWrite => "kvm_mmio write",
        Companion.MmioUnsatisfiedRead => "kvm_mmio unsatisfied-read",
        Companion.FastMmio => "kvm_fast_mmio",
        Companion.MsrRead => "kvm_msr msr_read",
        Companion.MsrWrite => "kvm_msr msr_write",
        Companion.Cpuid => "kvm_cpuid",
        Companion.Hypercall => "kvm_hypercall",
        Companion.PageFault => "kvm_page_fault",
        Companion.VcpuWakeup => "kvm_vcpu_wakeup",
        Companion.HaltPollNs => "kvm_halt_poll_ns",
        Companion.InjVirq => "kvm_inj_virq",
        Companion.InjException => "kvm_inj_exception",
        Companion.EmulateInsn => "kvm_emulate_insn",
        Companion.NestedVmexit => "kvm_nested_vmexit",
        _ => c.ToString(),
    };
}
