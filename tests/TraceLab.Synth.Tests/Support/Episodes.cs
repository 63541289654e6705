using System.Globalization;
using System.Text.RegularExpressions;
using TraceLab.Store.Kvm;

namespace TraceLab.Synth.Tests.Support;

/// <summary>
/// Cuts one vCPU thread into episodes — a kvm_exit and everything the thread prints until its next kvm_entry — and
/// spells each as tokens (spec §12 notation: <c>E</c>, <c>F+</c>, <c>F-</c>, <c>U(KVM_EXIT_IO)</c>, …) so the allowed
/// shapes can be written as regular expressions over the token string.
/// </summary>
public static partial class Episodes
{
    public sealed record Episode(ParsedLine Exit, uint Reason, List<ParsedLine> Events, string Tokens, bool Complete);

    public static string Token(ParsedLine l) => l.Event switch
    {
        "kvm_entry" => "E",
        "kvm_fpu" => l.Payload == "load" ? "F+" : "F-",
        "kvm_userspace_exit" => "U(" + UserspaceReason().Match(l.Payload).Groups[1].Value + ")",
        "kvm_pio" => l.Payload.StartsWith("pio_read", StringComparison.Ordinal) ? "PIOR" : "PIOW",
        "kvm_mmio" => l.Payload.StartsWith("mmio unsatisfied", StringComparison.Ordinal) ? "MMIOU" : l.Payload.StartsWith("mmio read", StringComparison.Ordinal) ? "MMIOR" : "MMIOW",
        "kvm_fast_mmio" => "FMMIO",
        "kvm_page_fault" => "PF",
        "kvm_msr" => "MSR",
        "kvm_cpuid" => "CPUID",
        "kvm_vcpu_wakeup" => "WAKE",
        "kvm_halt_poll_ns" => "POLL",
        "kvm_apic_accept_irq" => "ACC",
        "kvm_apicv_accept_irq" => "ACCV",
        "kvm_hypercall" => "HC",
        "kvm_inj_virq" => "INJ",
        "kvm_emulate_insn" => "EMU",
        "kvm_inj_exception" => "INJEX",
        _ => "?" + l.Event,
    };

    /// <summary>The prefix before the first exit (must be the first KVM_RUN) and the episodes that follow.</summary>
    public static (string Prefix, List<Episode> Episodes) Split(List<ParsedLine> thread)
    {
        var episodes = new List<Episode>();
        int i = 0;
        var prefix = new List<string>();
        while (i < thread.Count && thread[i].Event != "kvm_exit")
        {
            prefix.Add(Token(thread[i]));
            i++;
        }

        while (i < thread.Count)
        {
            ParsedLine exit = thread[i++];
            var events = new List<ParsedLine>();
            bool complete = false;
            while (i < thread.Count && thread[i].Event != "kvm_exit")
            {
                events.Add(thread[i++]);
                if (events[^1].Event == "kvm_entry")
                {
                    complete = true;
                    break;
                }
            }

            episodes.Add(new Episode(exit, Reason(exit.Payload), events, string.Join(' ', events.Select(Token)), complete));
        }

        return (string.Join(' ', prefix), episodes);
    }

    /// <summary>
    /// An episode without kvm_entry that the end of the trace cut short (nothing to check), as opposed to one that ends
    /// on purpose: the VM was torn down (SYSTEM_EVENT) or the thread was kicked out with a signal.
    /// </summary>
    public static bool CutByEndOfTrace(Episode e) =>
        !e.Complete && !e.Tokens.Contains("SYSTEM_EVENT", StringComparison.Ordinal) && !e.Tokens.Contains("restart", StringComparison.Ordinal);

    /// <summary>The full exit reason from a kvm_exit payload (any generation, kernel or plugin rendering).</summary>
    public static uint Reason(string payload)
    {
        string text = ReasonText().Match(payload).Groups[1].Value;
        if (text.StartsWith("UNKNOWN (", StringComparison.Ordinal))
        {
            return uint.Parse(text[9..^1], CultureInfo.InvariantCulture);
        }

        uint flags = 0;
        string[] parts = text.Split(' ');
        foreach (string flag in parts.Skip(1))
        {
            flags |= flag == "FAILED_VMENTRY" ? 0x8000_0000u : uint.Parse(flag[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        string basic = parts[0];
        if (basic.StartsWith("0x", StringComparison.Ordinal))
        {
            return flags | uint.Parse(basic[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        // 2.6 VMX spellings that SVM's table also uses: these traces are VMX, so take the VMX meaning.
        switch (basic)
        {
            case "cpuid":
                return 10;
            case "hypercall":
                return 18;
            case "invlpg":
                return 14;
        }

        Assert.True(VmxExitReasons.ByName.TryGetValue(basic, out uint code), "unknown VMX reason " + basic);
        return flags | code;
    }

    /// <summary>Hex field <paramref name="name"/> (e.g. <c>info1</c>) of a 5.9+ kvm_exit/kvm_entry payload.</summary>
    public static ulong Field(string payload, string name)
    {
        Match m = Regex.Match(payload, "(?:^| )" + name + " 0x([0-9a-f]+)");
        Assert.True(m.Success, $"no {name} in '{payload}'");
        return ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^reason (\S+) \(\d+\)$")]
    private static partial Regex UserspaceReason();

    [GeneratedRegex(@"reason (.*?) rip 0x")]
    private static partial Regex ReasonText();
}
