using System.Text.RegularExpressions;

namespace TraceLab.Synth.Tests.Support;

/// <summary>
/// The expected payload of every kvm event per kernel generation, transcribed from spec §1.1/§1.3 print formats (and
/// libtraceevent's kvm plugin handlers) independently of the generator. <c>%x</c> → <c>[0-9a-f]+</c>,
/// <c>0x%016llx</c> → <c>0x[0-9a-f]{16}</c>, and so on.
/// </summary>
public static class PayloadPatterns
{
    private const string H = "[0-9a-f]+";

    public static Dictionary<string, Regex> For(SynthOptions o)
    {
        KernelGeneration g = o.Generation;
        bool plugin = o.KvmPlugin;
        string reason = g == KernelGeneration.V2_6 ? "(?:[a-z_]+|0x" + H + ")" : "(?:[A-Z_]+|0x" + H + ")";
        string exit = g switch
        {
            KernelGeneration.V2_6 => $"reason {reason} rip 0x{H}",
            KernelGeneration.V4 => $"reason {reason} rip 0x{H} info {H} {H}",
            KernelGeneration.V5_4 => $"vcpu \\d+ reason {reason} rip 0x{H} info {H} {H}",
            _ => $"vcpu \\d+ reason {reason}(?: FAILED_VMENTRY)?(?: 0x{H})? rip 0x{H} info1 0x[0-9a-f]{{16}} info2 0x[0-9a-f]{{16}} " +
                 "intr_info 0x[0-9a-f]{8} error_code 0x[0-9a-f]{8}" + (g >= KernelGeneration.V6_14 ? " requests 0x[0-9a-f]{16}" : string.Empty),
        };
        string entry = g switch
        {
            < KernelGeneration.V5_9 => "vcpu \\d+",
            KernelGeneration.V5_9 => $"vcpu \\d+, rip 0x{H}",
            KernelGeneration.V6_10 => $"vcpu \\d+, rip 0x{H}(?:\\[immediate exit\\])?",
            _ => $"vcpu \\d+, rip 0x{H} intr_info 0x[0-9a-f]{{8}} error_code 0x[0-9a-f]{{8}}(?:\\[immediate exit\\])?",
        };
        if (plugin)
        {
            exit = $"reason (?:[A-Z_]+|UNKNOWN \\(\\d+\\)) rip 0x{H}" + (g == KernelGeneration.V2_6 ? string.Empty : $" info {H} {H}");
            entry = " vcpu \\d+" + (g >= KernelGeneration.V5_9 ? $" rip 0x{H}" : string.Empty);
        }

        string emulate = plugin
            ? $"{H}:{H}: [0-9a-f]{{2}}(?: [0-9a-f]{{2}})*(?: FAIL)?"
            : $"{H}:{H}:[0-9a-f]{{2}}(?: [0-9a-f]{{2}})* \\((?:real|vm16|prot16|prot32|prot64)\\)(?: failed)?";
        var p = new Dictionary<string, string>
        {
            ["kvm_exit"] = exit,
            ["kvm_entry"] = entry,
            ["kvm_fpu"] = "(?:load|unload)",
            ["kvm_userspace_exit"] = "reason (?:KVM_EXIT_[A-Z0-9_]+|0x" + H + "|restart|error) \\(\\d+\\)",
            ["kvm_page_fault"] = g >= KernelGeneration.V6_14
                ? $"vcpu \\d+ rip 0x{H} address 0x[0-9a-f]{{16}} error_code 0x{H}"
                : $"address {H} error_code {H}",
            ["kvm_pio"] = g == KernelGeneration.V2_6
                ? $"pio_(?:read|write) at 0x{H} size [1248] count \\d+"
                : $"pio_(?:read|write) at 0x{H} size [1248] count 1 val 0x{H} ",
            ["kvm_mmio"] = $"mmio (?:unsatisfied-read|read|write) len [1248] gpa 0x{H} val 0x{H}",
            ["kvm_fast_mmio"] = $"fast mmio at gpa 0x{H}",
            ["kvm_msr"] = g == KernelGeneration.V2_6 ? $"msr_(?:read|write) {H} = 0x{H}" : $"msr_(?:read|write) {H} = 0x{H}(?: \\(#GP\\))?",
            ["kvm_cpuid"] = g >= KernelGeneration.V5_4
                ? $"func {H} idx {H} rax {H} rbx {H} rcx {H} rdx {H}, cpuid entry (?:found|not found)(?:, used max basic)?"
                : $"func {H} rax {H} rbx {H} rcx {H} rdx {H}",
            ["kvm_hypercall"] = $"nr 0x{H} a0 0x{H} a1 0x{H} a2 0x{H} a3 0x{H}",
            ["kvm_vcpu_wakeup"] = "(?:poll|wait) time \\d+ ns, polling (?:valid|invalid)",
            ["kvm_halt_poll_ns"] = "vcpu \\d+: halt_poll_ns \\d+ \\((?:grow|shrink) \\d+\\)",
            ["kvm_inj_virq"] = g >= KernelGeneration.V6_10 ? $"(?:IRQ|Soft/INTn) 0x{H}(?: \\[reinjected\\])?" : "irq \\d+",
            ["kvm_emulate_insn"] = emulate,
            ["kvm_apic_accept_irq"] = $"apicid {H} vec \\d+ \\((?:Fixed|LowPrio|SMI|Res3|NMI|INIT|SIPI|ExtINT)\\|(?:edge|level)\\)",
            ["kvm_apicv_accept_irq"] = $"apicid {H} vec \\d+ \\((?:Fixed|LowPrio|SMI|Res3|NMI|INIT|SIPI|ExtINT)\\|(?:edge|level)\\)",
        };
        return p.ToDictionary(kv => kv.Key, kv => new Regex("^" + kv.Value + "$", RegexOptions.CultureInvariant));
    }
}
