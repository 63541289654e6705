namespace TraceLab.Ingest.Events;

/// <summary>Halt, interrupt and emulation companions.</summary>
internal static partial class KvmPayloadDecoder
{
    /// <summary><c>wait time 12345 ns, polling valid</c> / <c>poll time … ns, polling invalid</c>.</summary>
    private static void DecodeWakeup(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        e.A1 = payload.StartsWith("wait"u8) ? 1 : 0;
        e.Malformed = !r.Dec("time "u8, out e.A0);
        e.A2 = payload.EndsWith("invalid"u8) ? 0 : 1;
    }

    /// <summary><c>vcpu 0: halt_poll_ns 20000 (grow 10000)</c>.</summary>
    private static void DecodeHaltPoll(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        bool ok = r.TryConsume("vcpu "u8) && r.ReadDec(out e.A1);
        e.Vcpu = ok ? (int)e.A1 : -1;
        ok &= r.Dec("halt_poll_ns "u8, out e.A2);
        if (r.Seek("("u8))
        {
            e.A0 = r.TryConsume("grow"u8) ? 1 : 0;
            if (e.A0 == 0)
            {
                r.TryConsume("shrink"u8);
            }

            r.ReadDec(out e.A3);
        }

        e.Malformed = !ok;
    }

    /// <summary><c>IRQ 0xb0</c>, <c>Soft/INTn 0x80</c>, optional <c> [reinjected]</c>; old kernels <c>irq 32</c>.</summary>
    private static void DecodeInjVirq(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        if (r.TryConsume("irq "u8))
        {
            e.Malformed = !r.ReadDec(out e.A0);
            return;
        }

        e.A1 = payload.StartsWith("Soft"u8) ? 1 : 0;
        e.Malformed = !r.Hex(" "u8, out e.A0);
        e.A2 = payload.EndsWith("[reinjected]"u8) ? 1 : 0;
    }

    /// <summary>
    /// <c>#UD</c>, <c>#GP (0x0)</c>, <c>#PF (0x2) [reinjected]</c>; old kernels <c>#UD (0x0)</c>; libtraceevent's
    /// fallback <c>[FAILED TO PARSE] exception=6 has_error=0 error_code=0 reinjected=0</c>.
    /// </summary>
    private static void DecodeInjException(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        if (payload.StartsWith("[FAILED TO PARSE]"u8))
        {
            bool ok = r.Dec("exception="u8, out e.A0) & r.Dec("has_error="u8, out e.A1)
                & r.Dec("error_code="u8, out e.A2) & r.Dec("reinjected="u8, out e.A3);
            e.Malformed = !ok;
            return;
        }

        e.A0 = -1;
        if (payload.Length > 1 && payload[0] == (byte)'#')
        {
            int end = payload.IndexOfAny((byte)' ', (byte)'[');
            ReadOnlySpan<byte> mnemonic = end < 0 ? payload[1..] : payload[1..end];
            e.A0 = ExceptionVector(mnemonic);
        }

        e.Malformed = e.A0 < 0;
        int open = payload.IndexOf("(0x"u8);
        if (open >= 0)
        {
            e.A1 = 1;
            new PayloadReader(payload[(open + 1)..]).ReadHex(out e.A2);
        }

        e.A3 = payload.EndsWith("[reinjected]"u8) ? 1 : 0;
    }

    private static long ExceptionVector(ReadOnlySpan<byte> m) => m switch
    {
        _ when m.SequenceEqual("DE"u8) => 0,
        _ when m.SequenceEqual("DB"u8) => 1,
        _ when m.SequenceEqual("NMI"u8) => 2,
        _ when m.SequenceEqual("BP"u8) => 3,
        _ when m.SequenceEqual("OF"u8) => 4,
        _ when m.SequenceEqual("BR"u8) => 5,
        _ when m.SequenceEqual("UD"u8) => 6,
        _ when m.SequenceEqual("NM"u8) => 7,
        _ when m.SequenceEqual("DF"u8) => 8,
        _ when m.SequenceEqual("TS"u8) => 10,
        _ when m.SequenceEqual("NP"u8) => 11,
        _ when m.SequenceEqual("SS"u8) => 12,
        _ when m.SequenceEqual("GP"u8) => 13,
        _ when m.SequenceEqual("PF"u8) => 14,
        _ when m.SequenceEqual("MF"u8) => 16,
        _ when m.SequenceEqual("AC"u8) => 17,
        _ when m.SequenceEqual("MC"u8) => 18,
        _ when m.SequenceEqual("XM"u8) => 19,
        _ when m.SequenceEqual("VE"u8) => 20,
        _ when m.SequenceEqual("CP"u8) => 21,
        _ when m.SequenceEqual("HV"u8) => 28,
        _ when m.SequenceEqual("VC"u8) => 29,
        _ when m.SequenceEqual("SX"u8) => 30,
        _ => -1,
    };

    /// <summary>
    /// <c>0:100000:49 89 fc (prot64)</c> (csbase:rip:bytes (mode)), optional <c> failed</c>; old kernels
    /// <c>0:fffff802987d6169: f3 a5</c> with <c> FAIL</c>.
    /// </summary>
    private static void DecodeEmulateInsn(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        bool ok = r.ReadHex(out e.A1) && r.TryConsume(":"u8) && r.ReadHex(out e.A0) && r.TryConsume(":"u8);
        ReadOnlySpan<byte> rest = r.Rest;
        bool failed = payload.EndsWith("failed"u8) || payload.EndsWith("FAIL"u8);
        if (failed)
        {
            // " FAIL" and " failed" are not instruction bytes (F, A and the d of failed are hex digits).
            rest = rest[..rest.LastIndexOf((byte)' ')];
        }

        int open = rest.IndexOf((byte)'(');
        ReadOnlySpan<byte> bytes = open < 0 ? rest : rest[..open];
        int length = 0;
        foreach (byte c in bytes)
        {
            if (Text.AsciiNumber.IsHexDigit(c))
            {
                length++;
            }
        }

        e.A2 = length / 2;
        if (open >= 0)
        {
            int close = rest.IndexOf((byte)')');
            ReadOnlySpan<byte> mode = close > open ? rest[(open + 1)..close] : default;
            e.A3 = mode switch
            {
                _ when mode.SequenceEqual("real"u8) => 0,
                _ when mode.SequenceEqual("vm16"u8) => 3,
                _ when mode.SequenceEqual("prot16"u8) => 1,
                _ when mode.SequenceEqual("prot32"u8) => 5,
                _ when mode.SequenceEqual("prot64"u8) => 9,
                _ => -1,
            };
        }

        e.A4 = failed ? 1 : 0;
        e.Malformed = !ok;
    }

    /// <summary><c>apicid 0 vec 176 (Fixed|edge)</c> (also kvm_apicv_accept_irq).</summary>
    private static void DecodeApicAcceptIrq(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var r = new PayloadReader(payload);
        e.Malformed = !(r.Hex("apicid "u8, out e.A0) & r.Dec("vec "u8, out e.A1));
        int open = payload.IndexOf((byte)'(');
        if (open >= 0)
        {
            ReadOnlySpan<byte> dm = payload[(open + 1)..];
            e.A2 = dm switch
            {
                _ when dm.StartsWith("Fixed"u8) => 0,
                _ when dm.StartsWith("LowPrio"u8) => 1,
                _ when dm.StartsWith("SMI"u8) => 2,
                _ when dm.StartsWith("Res3"u8) => 3,
                _ when dm.StartsWith("NMI"u8) => 4,
                _ when dm.StartsWith("INIT"u8) => 5,
                _ when dm.StartsWith("SIPI"u8) => 6,
                _ when dm.StartsWith("ExtINT"u8) => 7,
                _ => -1,
            };
            e.A3 = payload.IndexOf("|level"u8) >= 0 ? 1 : 0;
        }
    }

    /// <summary>
    /// <c>rip 7fa9ee5224e4 reason IO_INSTRUCTION info1 5658000b info2 0 int_info 0 int_info_err 0</c> (old) and
    /// <c>vcpu 0 reason npf rip 0x400433 info1 0x… info2 0x… intr_info 0x… error_code 0x…</c> (new, possibly behind
    /// libtraceevent's <c>CAN'T FIND FIELD</c> text).
    /// </summary>
    private static void DecodeNestedVmexit(ReadOnlySpan<byte> payload, ref DecodedEvent e)
    {
        var rip = new PayloadReader(payload);
        bool ok = rip.Hex("rip "u8, out e.A0);
        int reasonAt = payload.IndexOf("reason "u8);
        if (reasonAt >= 0)
        {
            ReadOnlySpan<byte> rest = payload[(reasonAt + 7)..];
            int end = rest.IndexOf(" rip "u8);
            int info = rest.IndexOf(" info1 "u8);
            if (end < 0 || (info >= 0 && info < end))
            {
                end = info;
            }

            ReadOnlySpan<byte> text = end < 0 ? rest : rest[..end];
            if (ExitReasonParser.TryParse(text, out long code, out Store.Kvm.Isa isa))
            {
                e.A1 = code | ((long)isa << 32);
            }
        }

        var r = new PayloadReader(payload);
        ok &= r.Hex("info1 "u8, out e.A2) & r.Hex("info2 "u8, out e.A3);
        var intr = new PayloadReader(payload);
        if (!intr.Hex("int_info "u8, out e.A4))
        {
            intr.Hex("intr_info "u8, out e.A4);
        }

        var err = new PayloadReader(payload);
        if (!err.Hex("int_info_err "u8, out e.A5))
        {
            err.Hex("error_code "u8, out e.A5);
        }

        e.Malformed = !ok;
    }
}
