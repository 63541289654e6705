using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>Event name → the kind the store documents for it (EventKind's doc); everything else is Other.</summary>
public static class NaiveEventKinds
{
    private static readonly Dictionary<string, EventKind> s_kinds = new(StringComparer.Ordinal)
    {
        ["kvm_exit"] = EventKind.Exit,
        ["kvm_entry"] = EventKind.Entry,
        ["kvm_userspace_exit"] = EventKind.UserspaceExit,
        ["kvm_fpu"] = EventKind.Fpu,
        ["kvm_page_fault"] = EventKind.PageFault,
        ["kvm_pio"] = EventKind.Pio,
        ["kvm_mmio"] = EventKind.Mmio,
        ["kvm_fast_mmio"] = EventKind.FastMmio,
        ["kvm_msr"] = EventKind.Msr,
        ["kvm_cpuid"] = EventKind.Cpuid,
        ["kvm_hypercall"] = EventKind.Hypercall,
        ["kvm_vcpu_wakeup"] = EventKind.VcpuWakeup,
        ["kvm_halt_poll_ns"] = EventKind.HaltPollNs,
        ["kvm_inj_virq"] = EventKind.InjVirq,
        ["kvm_inj_exception"] = EventKind.InjException,
        ["kvm_emulate_insn"] = EventKind.EmulateInsn,
        ["kvm_apic_accept_irq"] = EventKind.ApicAcceptIrq,
        ["kvm_apicv_accept_irq"] = EventKind.ApicvAcceptIrq,
        ["kvm_nested_vmexit"] = EventKind.NestedVmexit,
    };

    public static EventKind Of(string name) => s_kinds.TryGetValue(name, out EventKind k) ? k : EventKind.Other;
}
