using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Events;

/// <summary>
/// Decodes the payload of the kvm events TraceLab keeps in typed columns, for every kernel generation of spec §1.3
/// and libtraceevent's plugin spellings. Each decoder is a transcription of the print format it cites; a payload
/// that stops early is reported <see cref="DecodedEvent.Incomplete"/> so a wrapped line can be joined and retried.
/// </summary>
internal static partial class KvmPayloadDecoder
{
    public static void Decode(EventKind kind, ReadOnlySpan<byte> payload, ref DecodedEvent e, IExitReasonResolver reasons)
    {
        e.Kind = kind;
        switch (kind)
        {
            case EventKind.Exit:
                DecodeExit(payload, ref e, reasons);
                break;
            case EventKind.Entry:
                DecodeEntry(payload, ref e);
                break;
            case EventKind.UserspaceExit:
                DecodeUserspaceExit(payload, ref e);
                break;
            case EventKind.Fpu:
                e.A0 = payload.StartsWith("load"u8) ? 1 : 0;
                e.Malformed = !payload.StartsWith("load"u8) && !payload.StartsWith("unload"u8);
                break;
            case EventKind.PageFault:
                DecodePageFault(payload, ref e);
                break;
            case EventKind.Pio:
                DecodePio(payload, ref e);
                break;
            case EventKind.Mmio:
                DecodeMmio(payload, ref e);
                break;
            case EventKind.FastMmio:
                e.Malformed = !new PayloadReader(payload).Hex("gpa "u8, out e.A0);
                break;
            case EventKind.Msr:
                DecodeMsr(payload, ref e);
                break;
            case EventKind.Cpuid:
                DecodeCpuid(payload, ref e);
                break;
            case EventKind.Hypercall:
                DecodeHypercall(payload, ref e);
                break;
            case EventKind.VcpuWakeup:
                DecodeWakeup(payload, ref e);
                break;
            case EventKind.HaltPollNs:
                DecodeHaltPoll(payload, ref e);
                break;
            case EventKind.InjVirq:
                DecodeInjVirq(payload, ref e);
                break;
            case EventKind.InjException:
                DecodeInjException(payload, ref e);
                break;
            case EventKind.EmulateInsn:
                DecodeEmulateInsn(payload, ref e);
                break;
            case EventKind.ApicAcceptIrq:
            case EventKind.ApicvAcceptIrq:
                DecodeApicAcceptIrq(payload, ref e);
                break;
            case EventKind.NestedVmexit:
                DecodeNestedVmexit(payload, ref e);
                break;
            default:
                break;
        }
    }
}
