using TraceLab.Synth.Model;

namespace TraceLab.Synth.Text;

internal sealed partial class PayloadWriter
{
    // 6.18: "vcpu 0 rip 0x0 address 0x0000800000fe003000 error_code 0x182"; older: "address 7fc036d000 error_code 582".
    private void WritePageFault(Utf8Sink s, in SynthEvent e)
    {
        if (_traits.PageFaultHasVcpu)
        {
            s.Ascii("vcpu "u8);
            s.Dec((long)VcpuOf(in e));
            s.Ascii(" rip "u8);
            s.Hex0x(e.P0);
            s.Ascii(" address 0x"u8);
            s.HexZero(e.P1, 16);
            s.Ascii(" error_code "u8);
            s.Hex0x(e.P2);
            return;
        }

        s.Ascii("address "u8);
        s.Hex(e.P1);
        s.Ascii(" error_code "u8);
        s.Hex(e.P2);
    }

    // "pio_%s at 0x%x size %d count %d val 0x%x %s": the final %s is "(...)" only for count > 1, so a normal line ends
    // with a space (corpus/real/README.md). 2.6 kernels stop after the count.
    private void WritePio(Utf8Sink s, in SynthEvent e)
    {
        s.Ascii(e.Q0 != 0 ? "pio_write at "u8 : "pio_read at "u8);
        s.Hex0x(e.Q1);
        s.Ascii(" size "u8);
        s.Dec(e.P0);
        s.Ascii(" count "u8);
        s.Dec(e.P1);
        if (_traits.PioHasVal)
        {
            s.Ascii(" val "u8);
            s.Hex0x(e.P2);
            s.Byte((byte)' ');
            if (e.P1 > 1)
            {
                s.Ascii("(...)"u8);
            }
        }
    }

    private static void WriteMmio(Utf8Sink s, in SynthEvent e)
    {
        s.Ascii("mmio "u8);
        s.Ascii(e.Q0 switch
        {
            0 => "unsatisfied-read"u8,
            1 => "read"u8,
            _ => "write"u8,
        });
        s.Ascii(" len "u8);
        s.Dec((ulong)e.Q1);
        s.Ascii(" gpa "u8);
        s.Hex0x(e.P0);
        s.Ascii(" val "u8);
        s.Hex0x(e.P1);
    }

    // "msr_%s %x = 0x%llx%s": the index is hex without 0x; " (#GP)" marks a failed access (3.x+).
    private void WriteMsr(Utf8Sink s, in SynthEvent e)
    {
        s.Ascii(e.Q0 != 0 ? "msr_write "u8 : "msr_read "u8);
        s.Hex(e.Q1);
        s.Ascii(" = "u8);
        s.Hex0x(e.P0);
        if (e.P1 != 0 && _traits.MsrHasException)
        {
            s.Ascii(" (#GP)"u8);
        }
    }

    // "func %x idx %x rax %lx rbx %lx rcx %lx rdx %lx, cpuid entry %s%s"; older kernels lack idx and the tail.
    private void WriteCpuid(Utf8Sink s, in SynthEvent e)
    {
        s.Ascii("func "u8);
        s.Hex(e.Q0);
        if (_traits.CpuidHasIndex)
        {
            s.Ascii(" idx "u8);
            s.Hex(e.Q1);
        }

        s.Ascii(" rax "u8);
        s.Hex(e.P0);
        s.Ascii(" rbx "u8);
        s.Hex(e.P1);
        s.Ascii(" rcx "u8);
        s.Hex(e.P2);
        s.Ascii(" rdx "u8);
        s.Hex(e.P3);
        if (_traits.CpuidHasIndex)
        {
            s.Ascii((e.P4 & 1) != 0 ? ", cpuid entry found"u8 : ", cpuid entry not found"u8);
            if ((e.P4 & 2) != 0)
            {
                s.Ascii(", used max basic"u8);
            }
        }
    }

    private static void WriteHypercall(Utf8Sink s, in SynthEvent e)
    {
        s.Ascii("nr "u8);
        s.Hex0x(e.P0);
        s.Ascii(" a0 "u8);
        s.Hex0x(e.P1);
        s.Ascii(" a1 "u8);
        s.Hex0x(e.P2);
        s.Ascii(" a2 "u8);
        s.Hex0x(e.P3);
        s.Ascii(" a3 "u8);
        s.Hex0x(e.P4);
    }

    // Kernel: "%x:%llx:%s (%s)%s" → "0:ffffffff8105a3c2:89 38 (prot64)". Plugin: "%llx:%llx: %s%s" → "0:ffffffff8105a3c2: 89 38".
    private void WriteEmulateInsn(Utf8Sink s, in SynthEvent e)
    {
        s.Hex(e.Q0);
        s.Byte((byte)':');
        s.Hex(e.P0);
        s.Byte((byte)':');
        if (_plugin)
        {
            s.Byte((byte)' ');
        }

        for (int i = 0; i < (int)e.Q1; i++)
        {
            if (i > 0)
            {
                s.Byte((byte)' ');
            }

            s.HexZero((e.P1 >> (8 * i)) & 0xFF, 2);
        }

        if (_plugin)
        {
            if (e.P3 != 0)
            {
                s.Ascii(" FAIL"u8);
            }

            return;
        }

        s.Ascii(" ("u8);
        s.Ascii(e.P2 switch
        {
            0 => "real"u8,
            1 => "prot16"u8,
            3 => "vm16"u8,
            5 => "prot32"u8,
            _ => "prot64"u8,
        });
        s.Byte((byte)')');
        if (e.P3 != 0)
        {
            s.Ascii(" failed"u8);
        }
    }
}
