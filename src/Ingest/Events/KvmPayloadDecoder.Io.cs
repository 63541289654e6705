namespace TraceLab.Ingest.Events;

/// <summary>Memory and I/O companions: kvm_page_fault, kvm_pio, kvm_mmio, kvm_msr, kvm_cpuid, kvm_hypercall.</summary>
internal static partial class KvmPayloadDecoder
{
    /// <summary>
    /// <c>address fd000 error_code 14</c> (≤ 5.19, hex without 0x), <c>address %lx error_code %llx</c>,
    /// <c>vcpu 0 rip 0x.. address 0x%016llx error_code 0x%llx</c> (recent, spec §1.3).
    /// </summary>
    private static void DecodePageFault(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        if (r.TryConsume("vcpu "u8) && r.ReadDec(out long vcpu))
        {
            e.Vcpu = (int)vcpu;
            r.Hex("rip "u8, out e.A2);
        }

        e.Malformed = !(r.Hex("address "u8, out e.A0) & r.Hex("error_code "u8, out e.A1));
    }

    /// <summary><c>pio_write at 0x3f8 size 1 count 1 val 0x41 </c>, older kernels without the <c>val</c> tail.</summary>
    private static void DecodePio(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        e.A0 = payload.StartsWith("pio_write"u8) ? 1 : 0;
        bool ok = (payload.StartsWith("pio_write"u8) || payload.StartsWith("pio_read"u8))
            & r.Hex("at "u8, out e.A1) & r.Dec("size "u8, out e.A2) & r.Dec("count "u8, out e.A3);
        e.A5 = r.Hex("val "u8, out e.A4) ? 1 : 0;
        e.Malformed = !ok;
    }

    /// <summary><c>mmio write len 4 gpa 0x40000000 val 0x0</c>; types unsatisfied-read, read, write.</summary>
    private static void DecodeMmio(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        if (r.TryConsume("mmio unsatisfied-read"u8))
        {
            e.A0 = 0;
        }
        else if (r.TryConsume("mmio read"u8))
        {
            e.A0 = 1;
        }
        else if (r.TryConsume("mmio write"u8))
        {
            e.A0 = 2;
        }
        else
        {
            e.Malformed = true;
            return;
        }

        e.Malformed = !(r.Dec("len "u8, out e.A1) & r.Hex("gpa "u8, out e.A2) & r.Hex("val "u8, out e.A3));
    }

    /// <summary><c>msr_write c0000102 = 0x0</c>, optionally followed by <c> (#GP)</c>.</summary>
    private static void DecodeMsr(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        if (r.TryConsume("msr_write "u8))
        {
            e.A0 = 1;
        }
        else if (!r.TryConsume("msr_read "u8))
        {
            e.Malformed = true;
            return;
        }

        e.Malformed = !(r.ReadHex(out e.A1) & r.Hex("= "u8, out e.A2));
        e.A3 = payload.EndsWith("(#GP)"u8) ? 1 : 0;
    }

    /// <summary>
    /// <c>func 0 idx 0 rax 1c rbx 68747541 rcx 444d4163 rdx 69746e65, cpuid entry found[, used max basic]</c>;
    /// older kernels print no <c>idx</c> and no entry status.
    /// </summary>
    private static void DecodeCpuid(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        bool ok = r.Hex("func "u8, out e.A0);
        var idx = new PayloadReader(payload);
        idx.Hex("idx "u8, out long index);
        ok &= r.Hex("rax "u8, out e.A2) & r.Hex("rbx "u8, out e.A3) & r.Hex("rcx "u8, out e.A4) & r.Hex("rdx "u8, out e.A5);
        long found = payload.IndexOf("entry found"u8) >= 0 ? 1L << 32 : 0;
        long usedMaxBasic = payload.EndsWith("used max basic"u8) ? 1L << 33 : 0;
        e.A1 = (index & 0xFFFF_FFFF) | found | usedMaxBasic;
        e.Malformed = !ok;
    }

    /// <summary><c>nr 0x%lx a0 0x%lx a1 0x%lx a2 0x%lx a3 0x%lx</c>.</summary>
    private static void DecodeHypercall(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        e.Malformed = !(r.Hex("nr "u8, out e.A0) & r.Hex("a0 "u8, out e.A1) & r.Hex("a1 "u8, out e.A2)
            & r.Hex("a2 "u8, out e.A3) & r.Hex("a3 "u8, out e.A4));
    }
}
