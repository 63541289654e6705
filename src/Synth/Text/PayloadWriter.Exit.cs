using TraceLab.Store.Kvm;
using TraceLab.Synth.Model;

namespace TraceLab.Synth.Text;

internal sealed partial class PayloadWriter
{
    // kvm_exit across generations (spec §1.3):
    //   2.6   reason halt rip 0xc0102ab1
    //   4.x   reason EXTERNAL_INTERRUPT rip 0x100 info 0 800000f6          (info2 = VM-exit interruption info)
    //   5.4   vcpu 0 reason EPT_VIOLATION rip 0x40359f info 582 0
    //   5.9+  vcpu 0 reason EXCEPTION_NMI rip 0xfd0bd info1 0x0000000000000000 info2 0x… intr_info 0x80000306 error_code 0x00000000
    //   6.14+ … error_code 0x00000000 requests 0x0000000000000000
    //   plugin reason UNKNOWN (77) rip 0x0 info ffcc 0
    private void WriteExit(Utf8Sink s, in SynthEvent e)
    {
        uint full = e.Q0;
        if (_plugin)
        {
            WritePluginExit(s, in e, full);
            return;
        }

        if (_traits.ExitHasVcpu)
        {
            s.Ascii("vcpu "u8);
            s.Dec((long)VcpuOf(in e));
            s.Byte((byte)' ');
        }

        s.Ascii("reason "u8);
        if (_traits.ExitHasFullInfo)
        {
            WriteReasonWithFlags(s, full);
        }
        else
        {
            // Old kernels ran __print_symbolic over the whole value, so a flagged reason simply prints as hex.
            byte[]? name = (full & 0xFFFF_0000) == 0 ? _reasons.Kernel(full) : null;
            WriteNameOrHex(s, name, full);
        }

        s.Ascii(" rip "u8);
        s.Hex0x(e.P0);
        if (_traits.Generation == KernelGeneration.V2_6)
        {
            return;
        }

        if (!_traits.ExitHasFullInfo)
        {
            s.Ascii(" info "u8);
            s.Hex(e.P1);
            s.Byte((byte)' ');
            s.Hex(e.Q1);
            return;
        }

        s.Ascii(" info1 0x"u8);
        s.HexZero(e.P1, 16);
        s.Ascii(" info2 0x"u8);
        s.HexZero(e.P2, 16);
        s.Ascii(" intr_info 0x"u8);
        s.HexZero(e.Q1, 8);
        s.Ascii(" error_code 0x"u8);
        s.HexZero(e.P3, 8);
        if (_traits.HasRequests)
        {
            s.Ascii(" requests 0x"u8);
            s.HexZero(e.P4, 16);
        }
    }

    // "%s%s%s": symbolic basic reason, a space if any flag bits are set, then __print_flags with FAILED_VMENTRY and the
    // leftover bits in hex — so 0xffffffff prints "0xffff FAILED_VMENTRY 0x7fff0000" (spec §1.1).
    private void WriteReasonWithFlags(Utf8Sink s, uint full)
    {
        uint basic = full & 0xFFFF;
        WriteNameOrHex(s, _reasons.Kernel(basic), basic);
        uint flags = full & 0xFFFF_0000;
        if (flags == 0)
        {
            return;
        }

        s.Byte((byte)' ');
        bool first = true;
        if ((flags & VmxExitReasons.FailedVmentryFlag) != 0)
        {
            s.Ascii("FAILED_VMENTRY"u8);
            flags &= ~VmxExitReasons.FailedVmentryFlag;
            first = false;
        }

        if (flags != 0)
        {
            if (!first)
            {
                s.Byte((byte)' ');
            }

            s.Hex0x(flags);
        }
    }

    private static void WriteNameOrHex(Utf8Sink s, byte[]? name, uint value)
    {
        if (name is not null)
        {
            s.Ascii(name);
        }
        else
        {
            s.Hex0x(value);
        }
    }

    private void WritePluginExit(Utf8Sink s, in SynthEvent e, uint full)
    {
        s.Ascii("reason "u8);
        byte[]? name = ExitReasonNames.Plugin(full);
        if (name is not null)
        {
            s.Ascii(name);
        }
        else
        {
            s.Ascii("UNKNOWN ("u8);
            s.Dec((ulong)full);
            s.Byte((byte)')');
        }

        s.Ascii(" rip "u8);
        s.Hex0x(e.P0);
        if (_traits.Generation != KernelGeneration.V2_6)
        {
            // The plugin prints the info1/info2 *fields*; before 5.9 info2 held the interruption info.
            s.Ascii(" info "u8);
            s.Hex(e.P1);
            s.Byte((byte)' ');
            s.Hex(_traits.ExitHasFullInfo ? e.P2 : e.Q1);
        }
    }

    // kvm_entry: "vcpu %u" → ", rip 0x%lx" (5.9) → "%s" [immediate exit] (6.10) → intr_info/error_code (6.14).
    // The plugin's handler prints " vcpu %u" with a leading space and " rip 0x%llx" (no comma).
    private void WriteEntry(Utf8Sink s, in SynthEvent e)
    {
        if (_plugin)
        {
            s.Ascii(" vcpu "u8);
            s.Dec((long)VcpuOf(in e));
            if (_traits.EntryHasRip)
            {
                s.Ascii(" rip "u8);
                s.Hex0x(e.P0);
            }

            return;
        }

        s.Ascii("vcpu "u8);
        s.Dec((long)VcpuOf(in e));
        if (!_traits.EntryHasRip)
        {
            return;
        }

        s.Ascii(", rip "u8);
        s.Hex0x(e.P0);
        if (_traits.HasRequests)
        {
            s.Ascii(" intr_info 0x"u8);
            s.HexZero(e.Q0, 8);
            s.Ascii(" error_code 0x"u8);
            s.HexZero(e.Q1, 8);
        }

        if (_traits.EntryHasImmediateExit && e.P1 != 0)
        {
            s.Ascii("[immediate exit]"u8);
        }
    }

    // "reason %s (%d)": errno < 0 prints restart/error instead of the symbol (spec §1.1).
    private void WriteUserspaceExit(Utf8Sink s, in SynthEvent e)
    {
        s.Ascii("reason "u8);
        if (e.Q1 != 0)
        {
            s.Ascii(e.Q1 == 4 ? "restart ("u8 : "error ("u8);
            s.Dec((ulong)e.Q1);
            s.Byte((byte)')');
            return;
        }

        int code = (int)e.Q0;
        if (code <= _traits.MaxNamedUserspaceExit && UserspaceExitReasons.Names.TryGetValue(code, out string? name))
        {
            s.Ascii("KVM_EXIT_"u8);
            foreach (char c in name)
            {
                s.Byte((byte)c);
            }
        }
        else
        {
            s.Hex0x(e.Q0);
        }

        s.Ascii(" ("u8);
        s.Dec((ulong)e.Q0);
        s.Byte((byte)')');
    }
}
