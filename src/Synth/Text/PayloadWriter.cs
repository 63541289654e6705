using TraceLab.Synth.Model;

namespace TraceLab.Synth.Text;

/// <summary>
/// Renders an event's payload exactly as the kernel's print fmt (spec §1.1) — or the variant of the configured
/// generation (§1.3), or libtraceevent's kvm plugin — would. Exits and entries are in <c>PayloadWriter.Exit.cs</c>,
/// I/O and memory events in <c>PayloadWriter.Io.cs</c>, halt and interrupt events in <c>PayloadWriter.Irq.cs</c>.
/// </summary>
internal sealed partial class PayloadWriter
{
    private readonly GenerationTraits _traits;
    private readonly ExitReasonNames _reasons;
    private readonly bool _plugin;
    private readonly SynthTask[] _tasks;

    public PayloadWriter(GenerationTraits traits, bool plugin, SynthTask[] tasks)
    {
        _traits = traits;
        _reasons = new ExitReasonNames(traits.Generation);
        _plugin = plugin;
        _tasks = tasks;
    }

    public void Write(Utf8Sink s, in SynthEvent e)
    {
        switch (e.Kind)
        {
            case SynthEventKind.Exit: WriteExit(s, in e); break;
            case SynthEventKind.Entry: WriteEntry(s, in e); break;
            case SynthEventKind.Fpu: s.Ascii(e.Q0 != 0 ? "load"u8 : "unload"u8); break;
            case SynthEventKind.UserspaceExit: WriteUserspaceExit(s, in e); break;
            case SynthEventKind.PageFault: WritePageFault(s, in e); break;
            case SynthEventKind.Pio: WritePio(s, in e); break;
            case SynthEventKind.Mmio: WriteMmio(s, in e); break;
            case SynthEventKind.FastMmio: s.Ascii("fast mmio at gpa "u8); s.Hex0x(e.P0); break;
            case SynthEventKind.Msr: WriteMsr(s, in e); break;
            case SynthEventKind.Cpuid: WriteCpuid(s, in e); break;
            case SynthEventKind.Hypercall: WriteHypercall(s, in e); break;
            case SynthEventKind.VcpuWakeup: WriteWakeup(s, in e); break;
            case SynthEventKind.HaltPollNs: WriteHaltPoll(s, in e); break;
            case SynthEventKind.InjVirq: WriteInjVirq(s, in e); break;
            case SynthEventKind.EmulateInsn: WriteEmulateInsn(s, in e); break;
            case SynthEventKind.ApicAcceptIrq:
            case SynthEventKind.ApicvAcceptIrq: WriteAcceptIrq(s, in e); break;
            default: throw new InvalidOperationException("unknown event kind " + e.Kind);
        }
    }

    private int VcpuOf(in SynthEvent e) => _tasks[e.Task].Vcpu;
}
