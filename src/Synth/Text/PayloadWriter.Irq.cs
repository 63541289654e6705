using TraceLab.Synth.Model;

namespace TraceLab.Synth.Text;

internal sealed partial class PayloadWriter
{
    // "%s time %lld ns, polling %s": poll/wait, valid/invalid.
    private static void WriteWakeup(Utf8Sink s, in SynthEvent e)
    {
        s.Ascii(e.Q0 != 0 ? "wait time "u8 : "poll time "u8);
        s.Dec(e.P0);
        s.Ascii(e.Q1 != 0 ? " ns, polling valid"u8 : " ns, polling invalid"u8);
    }

    // "vcpu %u: halt_poll_ns %u (%s %u)" with new, grow/shrink, old — e.g. "vcpu 0: halt_poll_ns 10000 (grow 0)".
    private void WriteHaltPoll(Utf8Sink s, in SynthEvent e)
    {
        s.Ascii("vcpu "u8);
        s.Dec((long)VcpuOf(in e));
        s.Ascii(": halt_poll_ns "u8);
        s.Dec(e.P0);
        s.Ascii(e.Q0 != 0 ? " (grow "u8 : " (shrink "u8);
        s.Dec(e.P1);
        s.Byte((byte)')');
    }

    // "%s 0x%x%s" (IRQ / Soft/INTn, vector, " [reinjected]") on recent kernels, "irq %u" before.
    private void WriteInjVirq(Utf8Sink s, in SynthEvent e)
    {
        if (!_traits.InjVirqHex)
        {
            s.Ascii("irq "u8);
            s.Dec((ulong)e.Q0);
            return;
        }

        s.Ascii((e.Q1 & 1) != 0 ? "Soft/INTn "u8 : "IRQ "u8);
        s.Hex0x(e.Q0);
        if ((e.Q1 & 2) != 0)
        {
            s.Ascii(" [reinjected]"u8);
        }
    }

    // "apicid %x vec %u (%s|%s)" for both kvm_apic_accept_irq and kvm_apicv_accept_irq; apicid = target vcpu_id in hex.
    private static void WriteAcceptIrq(Utf8Sink s, in SynthEvent e)
    {
        s.Ascii("apicid "u8);
        s.Hex(e.Q0);
        s.Ascii(" vec "u8);
        s.Dec((ulong)e.Q1);
        s.Ascii(" ("u8);
        s.Ascii((e.P0 & 7) switch
        {
            0 => "Fixed"u8,
            1 => "LowPrio"u8,
            2 => "SMI"u8,
            3 => "Res3"u8,
            4 => "NMI"u8,
            5 => "INIT"u8,
            6 => "SIPI"u8,
            _ => "ExtINT"u8,
        });
        s.Ascii(e.P1 != 0 ? "|level)"u8 : "|edge)"u8);
    }
}
