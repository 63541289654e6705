using TraceLab.Synth.Tests.Support;

namespace TraceLab.Synth.Tests;

/// <summary>
/// The test-side layout checker and payload patterns accept real lines copied from /work/shared/corpus (so the tests
/// hold the generator to what real tools print, not to the generator's own idea of it).
/// </summary>
public sealed class RealCorpusAnchorTests
{
    [Theory]
    [InlineData(TraceFormat.Ftrace, KernelGeneration.V6_18, "realtrace", false,
        "         kvmload-5912    [001] .....  1242.101516: kvm_pio: pio_write at 0x10 size 4 count 1 val 0x0 ")]
    [InlineData(TraceFormat.Ftrace, KernelGeneration.V6_18, null, false,
        "         kvmload-5912    [001] .....  1242.101608: kvm_msr: msr_write c0000102 = 0x0")]
    [InlineData(TraceFormat.Ftrace, KernelGeneration.V6_18, null, false,
        "         kvmload-5913    [000] .....  1242.101554: kvm_pio: pio_read at 0x11 size 1 count 1 val 0x5a ")]
    [InlineData(TraceFormat.TraceCmd, KernelGeneration.V6_18, "realtrace_5898", false,
        "realtrace_5898:          kvmload-5912  [001]  1242.101279: kvm_userspace_exit:   reason KVM_EXIT_IRQ_WINDOW_OPEN (7)")]
    [InlineData(TraceFormat.TraceCmd, KernelGeneration.V6_18, "realtrace_5898", true,
        "realtrace_5898:          kvmload-5913  [000]  1242.101215: kvm_emulate_insn:     0:100000: 49 89 fc")]
    [InlineData(TraceFormat.PerfScript, KernelGeneration.V6_18, null, false,
        "         kvmload  5935 [000]  1243.121969:                        kvm:kvm_pio: pio_write at 0x10 size 4 count 1 val 0x0 ")]
    [InlineData(TraceFormat.PerfScript, KernelGeneration.V6_18, null, false,
        "         kvmload  5935 [000]  1243.121498:               kvm:kvm_emulate_insn: 0:100000:49 89 fc (prot64)")]
    [InlineData(TraceFormat.TraceCmd, KernelGeneration.V6_10, null, true,
        " qemu-system-x86-483882 [005] 24006.249312: kvm_exit:             reason EPT_VIOLATION rip 0xffffffffa0360413 info d82 0")]
    [InlineData(TraceFormat.TraceCmd, KernelGeneration.V6_10, null, true,
        " qemu-system-x86-483882 [005] 24006.249294: kvm_entry:             vcpu 0 rip 0xffffffffa13f2e30")]
    [InlineData(TraceFormat.TraceCmd, KernelGeneration.V6_10, null, true,
        "       CPU 0/KVM-60250 [007] 25135.606985: kvm_exit:             reason PREEMPTION_TIMER rip 0xffffffffbb600ba0 info 0 0")]
    [InlineData(TraceFormat.TraceCmd, KernelGeneration.V6_10, null, false,
        " qemu-system-x86-533825 [005] 24006.082465: kvm_halt_poll_ns:     vcpu 0: halt_poll_ns 10000 (grow 0)")]
    [InlineData(TraceFormat.TraceCmd, KernelGeneration.V6_10, null, false,
        " qemu-system-x86-533825 [005] 24006.082466: kvm_vcpu_wakeup:      wait time 148293 ns, polling valid")]
    [InlineData(TraceFormat.TraceCmd, KernelGeneration.V6_10, null, false,
        " qemu-system-x86-533825 [005] 24006.082467: kvm_apicv_accept_irq: apicid 0 vec 236 (Fixed|edge)")]
    [InlineData(TraceFormat.Ftrace, KernelGeneration.V5_9, null, false,
        " qemu-system-x86-18971   [015] d.... 95922.997039: kvm_exit: vcpu 0 reason EXCEPTION_NMI rip 0xfd0bd info1 0x0000000000000000 info2 0x0000000000000413 intr_info 0x80000306 error_code 0x00000000")]
    [InlineData(TraceFormat.Ftrace, KernelGeneration.V5_9, null, false,
        " qemu-system-x86-18971   [015] d.... 95922.997133: kvm_entry: vcpu 0, rip 0xf7d6b")]
    [InlineData(TraceFormat.Ftrace, KernelGeneration.V4, null, false,
        "       challenge-24797 [003] .... 83184.290332: kvm_exit: reason EXTERNAL_INTERRUPT rip 0x100 info 0 800000f6")]
    [InlineData(TraceFormat.Ftrace, KernelGeneration.V4, null, false,
        "       challenge-21643 [000] .... 89662.281955: kvm_userspace_exit: reason KVM_EXIT_HLT (5)")]
    [InlineData(TraceFormat.Ftrace, KernelGeneration.V2_6, null, false,
        "             kvm-5664  [000] 11906.220181: kvm_exit: reason apic_access rip 0xc011518c")]
    [InlineData(TraceFormat.Ftrace, KernelGeneration.V2_6, null, false,
        "             kvm-5664  [000] 11906.220188: kvm_pio: pio_read at 0xc13e size 2 count 1")]
    public void Real_lines_pass_the_same_checks(TraceFormat format, KernelGeneration generation, string? instance, bool plugin, string line)
    {
        // The 5.9-era sample is a 6.3 kernel with five flag columns; the 4.x one has four; 2.6 none.
        FlagColumns? flags = format is TraceFormat.Ftrace ? (generation == KernelGeneration.V5_9 ? FlagColumns.Five : null) : null;
        var o = new SynthOptions
        {
            Format = format, Generation = generation, Mode = SynthMode.Vmx, Flags = flags, KvmPlugin = plugin,
            TraceCmdInstance = format == TraceFormat.TraceCmd ? instance : null,
        };
        ParsedLine parsed = TraceText.ParseLine(line, 1, o);
        Assert.Matches(PayloadPatterns.For(o)[parsed.Event], parsed.Payload);
    }
}
