using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Events;

/// <summary>kvm_exit, kvm_entry and kvm_userspace_exit: the events that delimit exits and KVM_RUN calls.</summary>
internal static partial class KvmPayloadDecoder
{
    /// <summary>
    /// kvm_exit, every generation (spec §1.3):
    /// <code>
    /// reason apic_access rip 0xc011518c                                                     (≤ 2.6.3x)
    /// reason EXTERNAL_INTERRUPT rip 0x100 info 0 800000f6                                   (… 5.3; libtraceevent plugin)
    /// vcpu 1 reason npf rip 0xfd11d info 100000014 fd000                                    (5.4 – 5.8)
    /// vcpu 0 reason EXCEPTION_NMI rip 0xfd0bd info1 0x0… info2 0x0…413 intr_info 0x80000306 error_code 0x00000000 (5.9+)
    /// … error_code 0x00000000 requests 0x0000000000000000                                  (6.14+)
    /// </code>
    /// The reason may contain blanks (<c>0xffff FAILED_VMENTRY 0x7fff0000</c>), so it is everything up to <c> rip </c>.
    /// </summary>
    private static void DecodeExit(ReadOnlySpan<byte> payload, ref DecodedEvent e, IExitReasonResolver reasons)
    {
        var r = new PayloadReader(payload);
        if (r.TryConsume("vcpu "u8) && r.ReadDec(out long vcpu))
        {
            e.Vcpu = (int)vcpu;
        }

        if (!r.Seek("reason "u8))
        {
            e.Incomplete = payload.EndsWith("reason"u8);
            e.Malformed = !e.Incomplete;
            return;
        }

        int reasonStart = r.Position;
        ReadOnlySpan<byte> rest = payload[reasonStart..];
        int rip = rest.IndexOf(" rip "u8);
        ReadOnlySpan<byte> reasonText;
        bool ripCut = false;
        if (rip < 0)
        {
            // "reason npf rip" + newline: the value was wrapped onto the next line. The reason is still known.
            ripCut = rest.EndsWith(" rip"u8);
            reasonText = ripCut ? rest[..^4] : rest;
        }
        else
        {
            reasonText = rest[..rip];
        }

        Isa isa;
        if (reasons.TryResolve(reasonText, out long code, out isa))
        {
            e.A0 = code;
            e.Isa = isa;
        }
        else
        {
            e.UnknownReasonStart = reasonStart;
            e.UnknownReasonLength = reasonText.Length;
        }

        if (rip < 0)
        {
            e.Incomplete = ripCut || reasonText.IsEmpty;
            return;
        }

        var tail = new PayloadReader(rest[(rip + 5)..]);
        if (!tail.ReadHex(out e.A1))
        {
            e.Incomplete = true;
            return;
        }

        // trace-cmd may print the rip's symbol after it ("rip 0xffffffffa00db918 native_apic_mem_write+0x8 info
        // 380 0"), so the info fields are found by key, not by position.
        if (tail.TryConsume("info1 "u8) || tail.Seek("info1 "u8))
        {
            bool ok = tail.ReadHex(out e.A2)
                & tail.Hex("info2 "u8, out e.A3);
            if (tail.Hex("intr_info "u8, out long intrInfo) & tail.Hex("error_code "u8, out long errorCode))
            {
                e.A4 = (intrInfo & 0xFFFF_FFFF) | (errorCode << 32);
            }

            if (tail.Hex("requests "u8, out e.A5))
            {
                // 6.14+ only; absent before (spec §1.3).
            }

            e.Malformed = !ok;
        }
        else if (tail.TryConsume("info "u8) || tail.Seek(" info "u8))
        {
            // "info %llx %llx": bare hex.
            e.Incomplete = !(tail.ReadHex(out e.A2) & tail.ReadHex(out e.A3));
        }
    }

    /// <summary>
    /// kvm_entry: <c>vcpu 0</c> (≤ 5.8), <c>vcpu 0, rip 0x22da</c> (5.9+), <c>vcpu 0 rip 0x..</c> (libtraceevent plugin),
    /// <c>…[immediate exit]</c> (6.10+, no blank before it), <c>… intr_info 0x%08x error_code 0x%08x</c> (6.14+).
    /// </summary>
    private static void DecodeEntry(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        if (!r.TryConsume("vcpu "u8) || !r.ReadDec(out long vcpu))
        {
            e.Malformed = true;
            return;
        }

        e.Vcpu = (int)vcpu;
        if (r.Hex("rip "u8, out e.A0))
        {
            if (r.Hex("intr_info "u8, out e.A1))
            {
                r.Hex("error_code "u8, out e.A2);
            }
        }
        else if (payload.EndsWith(","u8) || payload.EndsWith("rip"u8))
        {
            e.Incomplete = true;
        }

        e.A3 = payload.EndsWith("[immediate exit]"u8) ? 1 : 0;
    }

    /// <summary>
    /// kvm_userspace_exit: <c>reason KVM_EXIT_IO (2)</c>, <c>reason 0x28 (40)</c> (codes the kernel's table lacks),
    /// <c>reason restart (4)</c> and <c>reason error (14)</c> when KVM_RUN failed with -errno (spec §1.1).
    /// </summary>
    private static void DecodeUserspaceExit(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        int open = payload.LastIndexOf((byte)'(');
        if (open < 0 || payload[^1] != (byte)')')
        {
            e.Incomplete = payload.EndsWith("reason"u8) || open < 0;
            e.Malformed = !e.Incomplete;
            return;
        }

        var number = new PayloadReader(payload[(open + 1)..^1]);
        if (!number.ReadDec(out long value))
        {
            e.Malformed = true;
            return;
        }

        ReadOnlySpan<byte> name = payload[..open].TrimEnd((byte)' ');
        if (name.EndsWith("restart"u8) || name.EndsWith("error"u8))
        {
            e.A0 = -1;
            e.A1 = value;
        }
        else
        {
            e.A0 = value;
            e.A1 = 0;
        }
    }
}
