using System.Globalization;
using System.Text.RegularExpressions;
using TraceLab.Store.Kvm;
using TraceLab.Synth.Tests.Support;

namespace TraceLab.Synth.Tests;

/// <summary>VMX traces follow spec §11: handler side effects before the entry, injection right before it, fastpaths.</summary>
public sealed class VmxSequenceTests
{
    private const string Inj = "(?:INJ )?";
    private const string Restart = @"F- U\(restart\)(?: F\+ " + Inj + "E)?";

    private static readonly Dictionary<uint, Regex> s_shapes = new()
    {
        [VmxExitReasons.ExternalInterrupt] = Shape(Inj + "E"),
        [VmxExitReasons.Hlt] = Shape("(?:POLL )?(?:WAKE )?(?:ACC )?" + Inj + "E"),
        [VmxExitReasons.Cpuid] = Shape("CPUID " + Inj + "E"),
        [VmxExitReasons.MsrRead] = Shape("MSR " + Inj + "E"),
        [VmxExitReasons.MsrWrite] = Shape("MSR (?:ACC )?" + Inj + "E"),
        [VmxExitReasons.IoInstruction] = Shape(
            $@"PIOW {Inj}E|PIOR {Inj}E|PIOW F- U\(KVM_EXIT_IO\) F\+ {Inj}E|F- U\(KVM_EXIT_IO\) F\+ PIOR {Inj}E"),
        [VmxExitReasons.EptViolation] = Shape("PF " + Inj + "E"),
        [VmxExitReasons.EptMisconfig] = Shape(
            $@"FMMIO {Inj}E|EMU MMIOW F- U\(KVM_EXIT_MMIO\) F\+ {Inj}E|EMU MMIOU F- U\(KVM_EXIT_MMIO\) F\+ MMIOR {Inj}E"),
        [VmxExitReasons.ApicAccess] = Shape("EMU MMIOW " + Inj + "E"),
        [VmxExitReasons.PreemptionTimer] = Shape("(?:ACC )?" + Inj + "E"),
        [40] = Shape(Inj + "E"),
        [VmxExitReasons.Vmcall] = Shape("HC " + Inj + "E"),
    };

    public static TheoryData<string> Cases() => new(OptionMatrix.All.Where(c => c.Value.Mode == SynthMode.Vmx).Select(c => c.Key));

    private static Regex Shape(string allowed) => new("^(?:" + allowed + "|" + Restart + ")$");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_exit_is_followed_by_an_allowed_sequence(string name)
    {
        Generated g = OptionMatrix.Trace(name);
        foreach (int tid in g.VcpuThreads)
        {
            (string prefix, List<Episodes.Episode> episodes) = Episodes.Split(g.Thread(tid));
            Assert.Matches("^F\\+ " + Inj + "E$", prefix);
            foreach (Episodes.Episode e in episodes)
            {
                Assert.True(s_shapes.TryGetValue(e.Reason, out Regex? shape), $"line {e.Exit.LineNumber}: VMX exit reason {e.Reason} not expected");
                if (Episodes.CutByEndOfTrace(e))
                {
                    continue;
                }

                Assert.True(shape.IsMatch(e.Tokens), $"line {e.Exit.LineNumber}: after {e.Exit.Payload} came '{e.Tokens}'");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Injected_vector_shows_up_in_the_next_entry(string name)
    {
        SynthOptions o = OptionMatrix.All[name];
        if (o.Generation < KernelGeneration.V6_14 || o.KvmPlugin)
        {
            return;
        }

        Generated g = OptionMatrix.Trace(name);
        foreach (int tid in g.VcpuThreads)
        {
            List<ParsedLine> thread = g.Thread(tid);
            for (int i = 0; i < thread.Count; i++)
            {
                if (thread[i].Event != "kvm_entry")
                {
                    continue;
                }

                ulong intr = Episodes.Field(thread[i].Payload, "intr_info");
                if (i > 0 && thread[i - 1].Event == "kvm_inj_virq")
                {
                    ulong vector = ulong.Parse(thread[i - 1].Payload[6..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    Assert.Equal(0x8000_0000UL | vector, intr);
                }
                else
                {
                    Assert.Equal(0UL, intr);
                }
            }
        }
    }

    [Fact]
    public void Showcase_covers_the_vmx_handlers()
    {
        Generated g = Generated.Run(new SynthOptions { Mode = SynthMode.Vmx, Showcase = true, TargetEvents = 300 }, collectTruth: false);
        string text = g.Text;
        foreach (string needle in new[]
        {
            "kvm_inj_virq: IRQ 0x", "kvm_emulate_insn: 0:", "(prot64)", "kvm_msr: msr_write 830 = ", "kvm_cpuid: func",
            "kvm_pio: pio_write at 0x3f8", "kvm_pio: pio_read", "kvm_page_fault: vcpu", "kvm_vcpu_wakeup:", "reason KVM_EXIT_IO (2)",
            "reason KVM_EXIT_MMIO (6)", "mmio unsatisfied-read", "reason APIC_ACCESS", "kvm_hypercall: nr 0x",
        })
        {
            Assert.Contains(needle, text, StringComparison.Ordinal);
        }

        // The preemption-timer fastpath: kvm_exit immediately followed by the same vCPU's kvm_entry.
        bool fastpath = g.VcpuThreads.Any(tid => Episodes.Split(g.Thread(tid)).Episodes.Any(e => e.Reason == VmxExitReasons.PreemptionTimer && e.Tokens == "E"));
        Assert.True(fastpath);

        // Qualifications are VMX ones: IO carries port/size/direction, EPT violations their access bits.
        Assert.Matches(@"reason IO_INSTRUCTION rip 0x[0-9a-f]+ info1 0x00000000(03f8|0cf8|0070)000[0-3]", text);
    }
}
