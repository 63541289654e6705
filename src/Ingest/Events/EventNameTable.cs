using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Events;

/// <summary>Maps an event name to the kind TraceLab decodes it as; everything else is <see cref="EventKind.Other"/>.</summary>
internal static class EventNameTable
{
    public static EventKind Lookup(ReadOnlySpan<byte> name)
    {
        // The two events that make up most of every trace are tested first.
        if (name.SequenceEqual("kvm_exit"u8))
        {
            return EventKind.Exit;
        }

        if (name.SequenceEqual("kvm_entry"u8))
        {
            return EventKind.Entry;
        }

        if (!name.StartsWith("kvm_"u8))
        {
            return EventKind.Other;
        }

        ReadOnlySpan<byte> n = name[4..];
        return n switch
        {
            _ when n.SequenceEqual("userspace_exit"u8) => EventKind.UserspaceExit,
            _ when n.SequenceEqual("fpu"u8) => EventKind.Fpu,
            _ when n.SequenceEqual("page_fault"u8) => EventKind.PageFault,
            _ when n.SequenceEqual("pio"u8) => EventKind.Pio,
            _ when n.SequenceEqual("mmio"u8) => EventKind.Mmio,
            _ when n.SequenceEqual("fast_mmio"u8) => EventKind.FastMmio,
            _ when n.SequenceEqual("msr"u8) => EventKind.Msr,
            _ when n.SequenceEqual("cpuid"u8) => EventKind.Cpuid,
            _ when n.SequenceEqual("hypercall"u8) => EventKind.Hypercall,
            _ when n.SequenceEqual("vcpu_wakeup"u8) => EventKind.VcpuWakeup,
            _ when n.SequenceEqual("halt_poll_ns"u8) => EventKind.HaltPollNs,
            _ when n.SequenceEqual("inj_virq"u8) => EventKind.InjVirq,
            _ when n.SequenceEqual("inj_exception"u8) => EventKind.InjException,
            _ when n.SequenceEqual("emulate_insn"u8) => EventKind.EmulateInsn,
            _ when n.SequenceEqual("apic_accept_irq"u8) => EventKind.ApicAcceptIrq,
            _ when n.SequenceEqual("apicv_accept_irq"u8) => EventKind.ApicvAcceptIrq,
            _ when n.SequenceEqual("nested_vmexit"u8) => EventKind.NestedVmexit,
            _ => EventKind.Other,
        };
    }
}
