using TraceLab.Synth.Model;

namespace TraceLab.Synth.Sim;

/// <summary>One helper per tracepoint, documenting which <see cref="SynthEvent"/> field holds what.</summary>
internal sealed partial class VcpuActor
{
    private SynthEventKind _markOn;
    private DivergenceKind _markKind;

    /// <summary>Marks the event queued last as part of the injected <paramref name="kind"/> (see <see cref="InjectRole"/>).</summary>
    public void MarkLast(DivergenceKind kind, InjectRole role)
    {
        ref SynthEvent e = ref Queue.Tail;
        e.InjectKind = (byte)kind;
        e.InjectRole = role;
    }

    /// <summary>Marks the next kvm_entry or kvm_userspace_exit (<paramref name="on"/>) this thread writes, in a later KVM_RUN, with <see cref="InjectRole.Both"/>.</summary>
    public void MarkNext(SynthEventKind on, DivergenceKind kind)
    {
        _markOn = on;
        _markKind = kind;
    }

    private void ApplyMark(ref SynthEvent e)
    {
        if (_markKind != DivergenceKind.None && e.Kind == _markOn)
        {
            e.InjectKind = (byte)_markKind;
            e.InjectRole = InjectRole.Both;
            _markKind = DivergenceKind.None;
        }
    }

    /// <summary>kvm_exit: Q0 = full exit reason, P0 = rip, P1 = info1, P2 = info2, Q1 = intr_info (error_code and requests 0).</summary>
    public void Exit(long t, uint reason, ulong rip, ulong info1, ulong info2, uint intrInfo)
    {
        ref SynthEvent e = ref Add(SynthEventKind.Exit, t, FlagStyle.IrqsOff);
        e.Q0 = reason;
        e.P0 = rip;
        e.P1 = info1;
        e.P2 = info2;
        e.Q1 = intrInfo;
    }

    /// <summary>kvm_entry: P0 = rip, Q0 = intr_info, Q1 = error_code, P1 = immediate_exit.</summary>
    public void Entry(long t, ulong rip, uint intrInfo, bool immediate)
    {
        ref SynthEvent e = ref Add(SynthEventKind.Entry, t, FlagStyle.IrqsOff);
        e.P0 = rip;
        e.Q0 = intrInfo;
        e.P1 = immediate ? 1UL : 0UL;
        ApplyMark(ref e);
    }

    /// <summary>kvm_fpu: Q0 = 1 load, 0 unload.</summary>
    public void Fpu(long t, bool load) => Add(SynthEventKind.Fpu, t).Q0 = load ? 1u : 0u;

    /// <summary>kvm_userspace_exit: Q0 = KVM_EXIT_* (10 = INTR for a signal), Q1 = -errno (4 = restart) or 0.</summary>
    public void UserspaceExit(long t, uint reason, uint errno)
    {
        ref SynthEvent e = ref Add(SynthEventKind.UserspaceExit, t);
        e.Q0 = reason;
        e.Q1 = errno;
        ApplyMark(ref e);
    }

    /// <summary>kvm_page_fault: P0 = guest rip, P1 = fault address (raw GPA), P2 = error_code (EPT qualification).</summary>
    public void PageFault(long t, ulong rip, ulong address, ulong errorCode)
    {
        ref SynthEvent e = ref Add(SynthEventKind.PageFault, t);
        e.P0 = rip;
        e.P1 = address;
        e.P2 = errorCode;
    }

    /// <summary>kvm_pio: Q0 = write, Q1 = port, P0 = size, P1 = count, P2 = val.</summary>
    public void Pio(long t, bool write, uint port, int size, ulong value)
    {
        ref SynthEvent e = ref Add(SynthEventKind.Pio, t);
        e.Q0 = write ? 1u : 0u;
        e.Q1 = port;
        e.P0 = (ulong)size;
        e.P1 = 1;
        e.P2 = value;
    }

    /// <summary>kvm_mmio: Q0 = 0 unsatisfied-read / 1 read / 2 write, Q1 = len, P0 = gpa, P1 = val.</summary>
    public void Mmio(long t, int type, int length, ulong gpa, ulong value)
    {
        ref SynthEvent e = ref Add(SynthEventKind.Mmio, t);
        e.Q0 = (uint)type;
        e.Q1 = (uint)length;
        e.P0 = gpa;
        e.P1 = value;
    }

    /// <summary>kvm_fast_mmio: P0 = gpa.</summary>
    public void FastMmio(long t, ulong gpa) => Add(SynthEventKind.FastMmio, t).P0 = gpa;

    /// <summary>kvm_msr: Q0 = write, Q1 = ecx, P0 = data, P1 = exception.</summary>
    public void Msr(long t, bool write, uint ecx, ulong data, bool exception)
    {
        ref SynthEvent e = ref Add(SynthEventKind.Msr, t);
        e.Q0 = write ? 1u : 0u;
        e.Q1 = ecx;
        e.P0 = data;
        e.P1 = exception ? 1UL : 0UL;
    }

    /// <summary>kvm_cpuid: Q0 = function, Q1 = index, P0..P3 = rax..rdx, P4 bit0 = found.</summary>
    public void Cpuid(long t, in CpuidLeaf leaf)
    {
        ref SynthEvent e = ref Add(SynthEventKind.Cpuid, t);
        e.Q0 = leaf.Function;
        e.Q1 = leaf.Index;
        e.P0 = leaf.Rax;
        e.P1 = leaf.Rbx;
        e.P2 = leaf.Rcx;
        e.P3 = leaf.Rdx;
        e.P4 = leaf.Found ? 1UL : 0UL;
    }

    /// <summary>kvm_hypercall: P0 = nr, P1..P4 = a0..a3.</summary>
    public void Hypercall(long t, ulong nr, ulong a0, ulong a1)
    {
        ref SynthEvent e = ref Add(SynthEventKind.Hypercall, t);
        e.P0 = nr;
        e.P1 = a0;
        e.P2 = a1;
    }

    /// <summary>kvm_vcpu_wakeup: P0 = ns, Q0 = waited, Q1 = valid.</summary>
    public void VcpuWakeup(long t, long ns, bool waited, bool valid)
    {
        ref SynthEvent e = ref Add(SynthEventKind.VcpuWakeup, t);
        e.P0 = (ulong)ns;
        e.Q0 = waited ? 1u : 0u;
        e.Q1 = valid ? 1u : 0u;
    }

    /// <summary>kvm_halt_poll_ns: Q0 = grow, P0 = new, P1 = old.</summary>
    public void HaltPollNs(long t, bool grow, long newNs, long oldNs)
    {
        ref SynthEvent e = ref Add(SynthEventKind.HaltPollNs, t);
        e.Q0 = grow ? 1u : 0u;
        e.P0 = (ulong)newNs;
        e.P1 = (ulong)oldNs;
    }

    /// <summary>kvm_inj_virq: Q0 = vector, Q1 = soft/reinjected bits (always 0 here).</summary>
    public void InjVirq(long t, int vector) => Add(SynthEventKind.InjVirq, t).Q0 = (uint)vector;

    /// <summary>kvm_emulate_insn: P0 = rip, Q0 = csbase, Q1 = len, P1 = instruction bytes (byte i at bits 8i), P2 = mode (9 = prot64).</summary>
    public void EmulateInsn(long t, ulong rip, in Instruction insn)
    {
        ref SynthEvent e = ref Add(SynthEventKind.EmulateInsn, t);
        e.P0 = rip;
        e.Q1 = (uint)insn.Length;
        e.P1 = insn.Bytes;
        e.P2 = 9;
    }

    /// <summary>kvm_apic_accept_irq / kvm_apicv_accept_irq from this thread (sender side of an IPI, or its own timer).</summary>
    public void Accept(long t, bool apicv, int apicId, int vector) => AcceptIrq(t, apicv, apicId, vector);
}
