using System.Globalization;
using System.Text.RegularExpressions;
using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>
/// Decodes payloads by matching the whole payload against one regex per print format (spec §1.1, §1.3, the corpus
/// README). Slow and strict on purpose: a payload that matches no known format is reported Failed rather than
/// half-decoded, so the differential test only compares values this decoder is sure of.
/// </summary>
public static partial class NaivePayloadDecoder
{
    public static NaiveDecoded Decode(EventKind kind, string payload) => kind switch
    {
        EventKind.Exit => Exit(payload),
        EventKind.Entry => Entry(payload),
        EventKind.UserspaceExit => UserspaceExit(payload),
        EventKind.Fpu => Match(FpuFormat(), payload, m => [m.Groups[1].Value == "load" ? 1 : 0, 0, 0, 0, 0, 0]),
        EventKind.PageFault => PageFault(payload),
        EventKind.Pio => Match(PioFormat(), payload, m =>
            [m.Groups["rw"].Value == "write" ? 1 : 0, Hex(m, "port"), Dec(m, "size"), Dec(m, "count"),
             m.Groups["val"].Success ? Hex(m, "val") : 0, m.Groups["val"].Success ? 1 : 0]),
        EventKind.Mmio => Match(MmioFormat(), payload, m =>
            [m.Groups["type"].Value switch { "unsatisfied-read" => 0, "read" => 1, _ => 2 }, Dec(m, "len"), Hex(m, "gpa"), Hex(m, "val"), 0, 0]),
        EventKind.FastMmio => Match(FastMmioFormat(), payload, m => [Hex(m, "gpa"), 0, 0, 0, 0, 0]),
        EventKind.Msr => Match(MsrFormat(), payload, m =>
            [m.Groups["rw"].Value == "write" ? 1 : 0, Hex(m, "ecx"), Hex(m, "data"), m.Groups["gp"].Success ? 1 : 0, 0, 0]),
        EventKind.Cpuid => Match(CpuidFormat(), payload, m =>
            [Hex(m, "func"),
             (m.Groups["idx"].Success ? Hex(m, "idx") : 0) | (m.Groups["found"].Value == "found" ? 1L << 32 : 0) | (m.Groups["umb"].Success ? 1L << 33 : 0),
             Hex(m, "rax"), Hex(m, "rbx"), Hex(m, "rcx"), Hex(m, "rdx")]),
        EventKind.Hypercall => Match(HypercallFormat(), payload, m => [Hex(m, "nr"), Hex(m, "a0"), Hex(m, "a1"), Hex(m, "a2"), Hex(m, "a3"), 0]),
        EventKind.VcpuWakeup => Match(WakeupFormat(), payload, m =>
            [Dec(m, "ns"), m.Groups["w"].Value == "wait" ? 1 : 0, m.Groups["v"].Value == "valid" ? 1 : 0, 0, 0, 0]),
        EventKind.HaltPollNs => HaltPoll(payload),
        EventKind.InjVirq => InjVirq(payload),
        EventKind.InjException => InjException(payload),
        EventKind.EmulateInsn => EmulateInsn(payload),
        EventKind.ApicAcceptIrq or EventKind.ApicvAcceptIrq => Match(ApicAcceptIrqFormat(), payload, m =>
            [Hex(m, "id"), Dec(m, "vec"), Array.IndexOf(s_deliveryModes, m.Groups["dm"].Value), m.Groups["tm"].Value == "level" ? 1 : 0, 0, 0]),
        _ => NaiveDecoded.NotDecoded,
    };

    private static readonly string[] s_deliveryModes = ["Fixed", "LowPrio", "SMI", "Res3", "NMI", "INIT", "SIPI", "ExtINT"];

    private static readonly Dictionary<string, long> s_vectors = new(StringComparer.Ordinal)
    {
        ["DE"] = 0, ["DB"] = 1, ["NMI"] = 2, ["BP"] = 3, ["OF"] = 4, ["BR"] = 5, ["UD"] = 6, ["NM"] = 7, ["DF"] = 8,
        ["TS"] = 10, ["NP"] = 11, ["SS"] = 12, ["GP"] = 13, ["PF"] = 14, ["MF"] = 16, ["AC"] = 17, ["MC"] = 18,
        ["XM"] = 19, ["VE"] = 20,
    };

    /// <summary>Every kvm_exit generation of spec §1.3; trace-cmd may print a symbol after the rip (<c>rip 0x… iowrite16+0x9</c>).</summary>
    private static NaiveDecoded Exit(string payload)
    {
        Match m = ExitFormat().Match(payload);
        if (!m.Success)
        {
            return NaiveDecoded.Failed;
        }

        string reason = m.Groups["reason"].Value;
        bool known = NaiveExitReasons.TryResolve(reason, out long code, out Isa? isa);
        long? a0 = known ? code & 0xFFFF_FFFF : null;   // the ISA is not in the event row; the exit table has it
        long info1 = m.Groups["i1"].Success ? Hex(m, "i1") : m.Groups["n1"].Success ? Hex(m, "n1") : 0;
        long info2 = m.Groups["i2"].Success ? Hex(m, "i2") : m.Groups["n2"].Success ? Hex(m, "n2") : 0;
        long intr = m.Groups["intr"].Success ? Hex(m, "intr") : 0;
        long err = m.Groups["err"].Success ? Hex(m, "err") : 0;
        long requests = m.Groups["req"].Success ? Hex(m, "req") : 0;
        return new NaiveDecoded
        {
            Status = NaiveDecodeStatus.Complete,
            A = [a0, Hex(m, "rip"), info1, info2, (intr & 0xFFFF_FFFF) | (err << 32), requests],
            PayloadVcpu = m.Groups["vcpu"].Success ? (int)Dec(m, "vcpu") : -1,
            ReasonText = reason,
            ReasonIsa = isa,
            ReasonKnown = known,
        };
    }

    private static NaiveDecoded Entry(string payload)
    {
        Match m = EntryFormat().Match(payload);
        if (!m.Success)
        {
            return NaiveDecoded.Failed;
        }

        return new NaiveDecoded
        {
            Status = NaiveDecodeStatus.Complete,
            A = [m.Groups["rip"].Success ? Hex(m, "rip") : 0, m.Groups["ii"].Success ? Hex(m, "ii") : 0,
                 m.Groups["ec"].Success ? Hex(m, "ec") : 0, m.Groups["imm"].Success ? 1 : 0, 0, 0],
            PayloadVcpu = (int)Dec(m, "vcpu"),
        };
    }

    /// <summary><c>reason %s (%d)</c>: a KVM_EXIT name or hex when errno ≥ 0, <c>restart</c>/<c>error</c> with -errno otherwise.</summary>
    private static NaiveDecoded UserspaceExit(string payload) => Match(UserspaceExitFormat(), payload, m =>
    {
        string name = m.Groups["name"].Value;
        long number = Dec(m, "n");
        return name is "restart" or "error" ? [-1, number, 0, 0, 0, 0] : [number, 0, 0, 0, 0, 0];
    });

    private static NaiveDecoded PageFault(string payload)
    {
        Match m = PageFaultFormat().Match(payload);
        if (!m.Success)
        {
            return NaiveDecoded.Failed;
        }

        return new NaiveDecoded
        {
            Status = NaiveDecodeStatus.Complete,
            A = [Hex(m, "addr"), Hex(m, "ec"), m.Groups["rip"].Success ? Hex(m, "rip") : 0, 0, 0, 0],
            PayloadVcpu = m.Groups["vcpu"].Success ? (int)Dec(m, "vcpu") : -1,
        };
    }

    private static NaiveDecoded HaltPoll(string payload)
    {
        Match m = HaltPollFormat().Match(payload);
        if (!m.Success)
        {
            return NaiveDecoded.Failed;
        }

        return new NaiveDecoded
        {
            Status = NaiveDecodeStatus.Complete,
            A = [m.Groups["g"].Value == "grow" ? 1 : 0, Dec(m, "vcpu"), Dec(m, "new"), Dec(m, "old"), 0, 0],
            PayloadVcpu = (int)Dec(m, "vcpu"),
        };
    }

    private static NaiveDecoded InjVirq(string payload) => Match(InjVirqFormat(), payload, m => m.Groups["dec"].Success
        ? [Dec(m, "dec"), 0, 0, 0, 0, 0]
        : [Hex(m, "vec"), m.Groups["kind"].Value == "Soft/INTn" ? 1 : 0, m.Groups["re"].Success ? 1 : 0, 0, 0, 0]);

    private static NaiveDecoded InjException(string payload)
    {
        Match f = InjExceptionFallbackFormat().Match(payload);
        if (f.Success)
        {
            return Complete([Dec(f, "e"), Dec(f, "h"), Dec(f, "c"), Dec(f, "r"), 0, 0]);
        }

        Match m = InjExceptionFormat().Match(payload);
        if (!m.Success || !s_vectors.TryGetValue(m.Groups["m"].Value, out long vector))
        {
            return NaiveDecoded.Failed;
        }

        return Complete([vector, m.Groups["ec"].Success ? 1 : 0, m.Groups["ec"].Success ? Hex(m, "ec") : 0, m.Groups["re"].Success ? 1 : 0, 0, 0]);
    }

    /// <summary>
    /// <c>csbase:rip:bytes (mode)[ failed]</c>; old kernels print no mode and end with <c> FAIL</c>. Without a printed
    /// mode, A3 is not checked (the format says nothing about it).
    /// </summary>
    private static NaiveDecoded EmulateInsn(string payload)
    {
        string[] parts = payload.Split(':', 3);
        if (parts.Length != 3 || !IsHex(parts[0]) || !IsHex(parts[1]))
        {
            return NaiveDecoded.Failed;
        }

        string rest = parts[2];
        long failed = 0;
        foreach (string suffix in new[] { " failed", " FAIL" })
        {
            if (rest.EndsWith(suffix, StringComparison.Ordinal))
            {
                failed = 1;
                rest = rest[..^suffix.Length];
            }
        }

        long? mode = null;
        Match modeMatch = EmulateModeSuffix().Match(rest);
        if (modeMatch.Success)
        {
            mode = modeMatch.Groups[1].Value switch { "real" => 0, "vm16" => 3, "prot16" => 1, "prot32" => 5, _ => 9 };
            rest = rest[..modeMatch.Index];
        }

        string[] bytes = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (bytes.Any(b => b.Length != 2 || !IsHex(b)))
        {
            return NaiveDecoded.Failed;
        }

        return Complete([ParseHex(parts[1]), ParseHex(parts[0]), bytes.Length, mode, failed, 0]);
    }

    private static NaiveDecoded Match(Regex format, string payload, Func<Match, long?[]> values)
    {
        Match m = format.Match(payload);
        return m.Success ? Complete(values(m)) : NaiveDecoded.Failed;
    }

    private static NaiveDecoded Complete(long?[] a) => new() { Status = NaiveDecodeStatus.Complete, A = a };

    private static long Hex(Match m, string group) => ParseHex(m.Groups[group].Value);

    private static long Dec(Match m, string group) => long.Parse(m.Groups[group].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static long ParseHex(string s) =>
        (long)ulong.Parse(s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static bool IsHex(string s) => s.Length > 0 && s.All(Uri.IsHexDigit);

    [GeneratedRegex(@"^(?:vcpu (?<vcpu>\d+) )?reason (?<reason>.+?) rip 0x(?<rip>[0-9a-f]+)(?: [^ ]+\+0x[0-9a-f]+)?(?: info (?<i1>[0-9a-f]+) (?<i2>[0-9a-f]+)| info1 0x(?<n1>[0-9a-f]+) info2 0x(?<n2>[0-9a-f]+)(?: intr_info 0x(?<intr>[0-9a-f]+) error_code 0x(?<err>[0-9a-f]+)(?: requests 0x(?<req>[0-9a-f]+))?)?)?$")]
    private static partial Regex ExitFormat();

    [GeneratedRegex(@"^vcpu (?<vcpu>\d+)(?:,? rip 0x(?<rip>[0-9a-f]+)(?: [^ \[]+\+0x[0-9a-f]+)?(?: intr_info 0x(?<ii>[0-9a-f]+) error_code 0x(?<ec>[0-9a-f]+))?)?(?<imm>\[immediate exit\])?$")]
    private static partial Regex EntryFormat();

    [GeneratedRegex(@"^reason (?<name>\S+) \((?<n>-?\d+)\)$")]
    private static partial Regex UserspaceExitFormat();

    [GeneratedRegex(@"^(load|unload)$")]
    private static partial Regex FpuFormat();

    [GeneratedRegex(@"^(?:vcpu (?<vcpu>\d+) rip 0x(?<rip>[0-9a-f]+) )?address (?:0x)?(?<addr>[0-9a-f]+) error_code (?:0x)?(?<ec>[0-9a-f]+)$")]
    private static partial Regex PageFaultFormat();

    [GeneratedRegex(@"^pio_(?<rw>read|write) at 0x(?<port>[0-9a-f]+) size (?<size>\d+) count (?<count>\d+)(?: val 0x(?<val>[0-9a-f]+)(?: \(\.\.\.\))?)? *$")]
    private static partial Regex PioFormat();

    [GeneratedRegex(@"^mmio (?<type>unsatisfied-read|read|write) len (?<len>\d+) gpa 0x(?<gpa>[0-9a-f]+) val 0x(?<val>[0-9a-f]+)$")]
    private static partial Regex MmioFormat();

    [GeneratedRegex(@"^fast mmio at gpa 0x(?<gpa>[0-9a-f]+)$")]
    private static partial Regex FastMmioFormat();

    [GeneratedRegex(@"^msr_(?<rw>read|write) (?<ecx>[0-9a-f]+) = 0x(?<data>[0-9a-f]+)(?<gp> \(#GP\))?$")]
    private static partial Regex MsrFormat();

    [GeneratedRegex(@"^func (?<func>[0-9a-f]+)(?: idx (?<idx>[0-9a-f]+))? rax (?<rax>[0-9a-f]+) rbx (?<rbx>[0-9a-f]+) rcx (?<rcx>[0-9a-f]+) rdx (?<rdx>[0-9a-f]+)(?:, cpuid entry (?<found>found|not found)(?<umb>, used max basic)?)?$")]
    private static partial Regex CpuidFormat();

    [GeneratedRegex(@"^nr 0x(?<nr>[0-9a-f]+) a0 0x(?<a0>[0-9a-f]+) a1 0x(?<a1>[0-9a-f]+) a2 0x(?<a2>[0-9a-f]+) a3 0x(?<a3>[0-9a-f]+)$")]
    private static partial Regex HypercallFormat();

    [GeneratedRegex(@"^(?<w>wait|poll) time (?<ns>\d+) ns, polling (?<v>valid|invalid)$")]
    private static partial Regex WakeupFormat();

    [GeneratedRegex(@"^vcpu (?<vcpu>\d+): halt_poll_ns (?<new>\d+) \((?<g>grow|shrink) (?<old>\d+)\)$")]
    private static partial Regex HaltPollFormat();

    [GeneratedRegex(@"^(?:irq (?<dec>\d+)|(?<kind>IRQ|Soft/INTn) 0x(?<vec>[0-9a-f]+)(?<re> \[reinjected\])?)$")]
    private static partial Regex InjVirqFormat();

    [GeneratedRegex(@"^#(?<m>[A-Z]{2,3})(?: \(0x(?<ec>[0-9a-f]+)\))?(?<re> \[reinjected\])?$")]
    private static partial Regex InjExceptionFormat();

    [GeneratedRegex(@"^\[FAILED TO PARSE\] exception=(?<e>\d+) has_error=(?<h>\d+) error_code=(?<c>\d+) reinjected=(?<r>\d+)$")]
    private static partial Regex InjExceptionFallbackFormat();

    [GeneratedRegex(@" ?\((real|vm16|prot16|prot32|prot64)\)$")]
    private static partial Regex EmulateModeSuffix();

    [GeneratedRegex(@"^apicid (?<id>[0-9a-f]+) vec (?<vec>\d+) \((?<dm>Fixed|LowPrio|SMI|Res3|NMI|INIT|SIPI|ExtINT)\|(?<tm>edge|level)\)(?: \(coalesced\))?$")]
    private static partial Regex ApicAcceptIrqFormat();
}
