using System.Globalization;
using System.Text.RegularExpressions;
using TraceLab.Store.Kvm;
using TraceLab.Synth.Tests.Support;

namespace TraceLab.Synth.Tests;

/// <summary>
/// TDX traces obey spec §12 ("expected next events per exit"): each exit is followed, on the same vCPU thread, by one of
/// the allowed event sequences up to the next kvm_entry. "→ E" may always be replaced by a signal restart (§12 preamble).
/// </summary>
public sealed class TdxSequenceTests
{
    private const string Restart = @"F- U\(restart\)(?: F\+ E)?";

    // Allowed shapes per exit reason, in the token notation of Support/Episodes.cs.
    private static readonly Dictionary<uint, Regex> s_shapes = new()
    {
        [VmxExitReasons.ExternalInterrupt] = Shape("E"),
        [VmxExitReasons.Hlt] = Shape(@"(?:POLL )?(?:WAKE )?(?:ACC ACCV )?E|(?:POLL )?WAKE " + Restart),
        [VmxExitReasons.Cpuid] = Shape("CPUID E"),
        [VmxExitReasons.MsrRead] = Shape("MSR E"),
        [VmxExitReasons.MsrWrite] = Shape("MSR (?:ACC ACCV )?E"),
        [VmxExitReasons.IoInstruction] = Shape(@"PIOW F- U\(KVM_EXIT_IO\) F\+ E|F- U\(KVM_EXIT_IO\) F\+ PIOR E"),
        [VmxExitReasons.EptMisconfig] = Shape(@"FMMIO E|MMIOW F- U\(KVM_EXIT_MMIO\) F\+ E|MMIOU F- U\(KVM_EXIT_MMIO\) F\+ MMIOR E"),
        [VmxExitReasons.EptViolation] = Shape("PF E"),
        [VmxExitReasons.Tdcall] = Shape(
            @"E|F- U\(KVM_EXIT_HYPERCALL\)(?: F\+ F- U\(KVM_EXIT_HYPERCALL\))*(?: F\+ E)?|F- U\(0x28\)(?: F\+ E)?|F- U\(KVM_EXIT_SYSTEM_EVENT\)"),
        [VmxExitReasons.OtherSmi] = Shape("E"),
        [VmxExitReasons.TdxInvalid] = Shape("E"),
    };

    public static TheoryData<string> Cases() => new(OptionMatrix.All.Where(c => c.Value.Mode == SynthMode.Tdx).Select(c => c.Key));

    private static Regex Shape(string allowed) => new("^(?:" + allowed + "|" + Restart + ")$");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_exit_is_followed_by_an_allowed_sequence(string name)
    {
        Generated g = OptionMatrix.Trace(name);
        foreach (int tid in g.VcpuThreads)
        {
            List<ParsedLine> thread = g.Thread(tid);
            (string prefix, List<Episodes.Episode> episodes) = Episodes.Split(thread);
            Assert.Equal("F+ E", prefix);
            for (int i = 0; i < episodes.Count; i++)
            {
                Episodes.Episode e = episodes[i];
                Assert.True(s_shapes.TryGetValue(e.Reason, out Regex? shape), $"line {e.Exit.LineNumber}: TD exit reason 0x{e.Reason:x} not expected");
                Assert.True(e.Complete || i == episodes.Count - 1, $"line {e.Exit.LineNumber}: episode without kvm_entry in the middle of a thread");
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
    public void No_injection_or_emulation_events_and_entries_carry_no_event_info(string name)
    {
        Generated g = OptionMatrix.Trace(name);
        Assert.DoesNotContain(g.Lines, l => l.Event is "kvm_inj_virq" or "kvm_inj_exception" or "kvm_emulate_insn");
        if (OptionMatrix.All[name].KvmPlugin)
        {
            return;
        }

        foreach (ParsedLine entry in g.Lines.Where(l => l.Event == "kvm_entry"))
        {
            Assert.EndsWith("intr_info 0x00000000 error_code 0x00000000", entry.Payload, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tdvmcall_exits_carry_the_gpr_mask_and_async_exits_their_qualification(string name)
    {
        SynthOptions o = OptionMatrix.All[name];
        if (o.KvmPlugin)
        {
            return;
        }

        Generated g = OptionMatrix.Trace(name);
        foreach (ParsedLine exit in g.Lines.Where(l => l.Event == "kvm_exit"))
        {
            uint reason = Episodes.Reason(exit.Payload);
            ulong info1 = Episodes.Field(exit.Payload, "info1");
            switch (reason)
            {
                case VmxExitReasons.Hlt or VmxExitReasons.IoInstruction or VmxExitReasons.Cpuid or VmxExitReasons.MsrRead
                    or VmxExitReasons.MsrWrite or VmxExitReasons.EptMisconfig or VmxExitReasons.Tdcall:
                    Assert.Equal(o.TdxGprMask, info1);
                    break;
                case VmxExitReasons.OtherSmi:
                    Assert.Equal(0UL, info1 & 1);
                    break;
                case VmxExitReasons.TdxInvalid:
                    Assert.Contains("reason 0xffff FAILED_VMENTRY 0x7fff0000 rip 0x0 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000", exit.Payload, StringComparison.Ordinal);
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Private_faults_print_error_code_2_and_shared_faults_the_qualification(string name)
    {
        SynthOptions o = OptionMatrix.All[name];
        if (o.KvmPlugin)
        {
            return;
        }

        Generated g = OptionMatrix.Trace(name);
        ulong shared = 1UL << o.TdxSharedBit;
        foreach (int tid in g.VcpuThreads)
        {
            foreach (Episodes.Episode e in Episodes.Split(g.Thread(tid)).Episodes.Where(e => e.Reason == VmxExitReasons.EptViolation && e.Events.Count > 0))
            {
                string pf = e.Events[0].Payload;
                ulong address = Episodes.Field(pf, "address");
                ulong error = Episodes.Field(pf, "error_code");
                Assert.Equal((address & shared) != 0 ? Episodes.Field(e.Exit.Payload, "info1") : 0x2UL, error);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void First_touch_of_an_mmio_page_is_an_ept_violation_on_the_shared_gpa(string name)
    {
        SynthOptions o = OptionMatrix.All[name];
        if (o.KvmPlugin)
        {
            return;
        }

        Generated g = OptionMatrix.Trace(name);
        ulong shared = 1UL << o.TdxSharedBit;
        var touched = new HashSet<(int Tgid, ulong Page)>();
        var episodes = g.VcpuThreads
            .SelectMany(tid => Episodes.Split(g.Thread(tid)).Episodes.Select((e, i) => (Tid: tid, Index: i, Episode: e)))
            .OrderBy(x => x.Episode.Exit.LineNumber)
            .ToList();
        var byThread = episodes.GroupBy(x => x.Tid).ToDictionary(x => x.Key, x => x.Select(y => y.Episode).ToList());
        foreach (var (tid, index, e) in episodes)
        {
            if (e.Reason != VmxExitReasons.EptMisconfig || e.Events.Count == 0)
            {
                continue;
            }

            ulong gpa = Episodes.Field(e.Events[0].Payload, "gpa");
            int tgid = g.Truth.Threads.Single(t => t.Tid == tid).Tgid;
            if (touched.Add((tgid, gpa & ~0xFFFUL)))
            {
                Assert.True(index > 0, $"line {e.Exit.LineNumber}: MMIO without a preceding EPT violation");
                Episodes.Episode before = byThread[tid][index - 1];
                Assert.Equal(VmxExitReasons.EptViolation, before.Reason);
                Assert.Equal(shared | gpa, Episodes.Field(before.Events[0].Payload, "address"));
            }
        }

        Assert.NotEmpty(touched);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Wakeups_from_other_threads_are_preceded_by_accept_irq_for_the_target(string name)
    {
        Generated g = OptionMatrix.Trace(name);
        int crossThreadWakes = 0;
        foreach (int tid in g.VcpuThreads)
        {
            var thread = Episodes.Split(g.Thread(tid)).Episodes;
            var self = g.Truth.Threads.Single(t => t.Tid == tid);
            foreach (Episodes.Episode e in thread.Where(e => e.Reason == VmxExitReasons.Hlt && e.Complete && e.Tokens.Contains("WAKE", StringComparison.Ordinal)))
            {
                if (e.Tokens.Contains("ACC", StringComparison.Ordinal) || e.Tokens.Contains("restart", StringComparison.Ordinal))
                {
                    continue; // its own timer, accepted after the wakeup; or a signal
                }

                ParsedLine wake = e.Events.First(l => l.Event == "kvm_vcpu_wakeup");
                string target = "apicid " + self.Vcpu.ToString("x", CultureInfo.InvariantCulture) + " ";
                bool accepted = g.Lines.Any(l =>
                    l.LineNumber > e.Exit.LineNumber && l.LineNumber < wake.LineNumber && l.Pid != tid &&
                    l.Event == "kvm_apic_accept_irq" && l.Payload.StartsWith(target, StringComparison.Ordinal) &&
                    g.Truth.Threads.Single(t => t.Tid == l.Pid).Tgid == self.Tgid);
                Assert.True(accepted, $"line {wake.LineNumber}: wakeup with no kvm_apic_accept_irq for vcpu {self.Vcpu} since its HLT");
                crossThreadWakes++;
            }
        }

        if (OptionMatrix.All[name].Showcase && OptionMatrix.All[name].VcpusPerVm > 1)
        {
            Assert.True(crossThreadWakes > 0);
        }
    }

    [Fact]
    public void Showcase_covers_every_td_scenario()
    {
        Generated g = Generated.Run(new SynthOptions { Showcase = true, TargetEvents = 300 }, collectTruth: false);
        string text = g.Text;
        Assert.Contains("reason KVM_EXIT_HYPERCALL (3)", text, StringComparison.Ordinal);
        Assert.Contains("reason 0x28 (40)", text, StringComparison.Ordinal);
        Assert.Contains("reason 0x6 rip", text, StringComparison.Ordinal);
        Assert.Contains("reason 0xffff FAILED_VMENTRY 0x7fff0000 rip", text, StringComparison.Ordinal);
        Assert.Contains("reason restart (4)", text, StringComparison.Ordinal);
        Assert.Contains("reason KVM_EXIT_IO (2)", text, StringComparison.Ordinal);
        Assert.Contains("reason KVM_EXIT_MMIO (6)", text, StringComparison.Ordinal);
        Assert.Contains("kvm_vcpu_wakeup:", text, StringComparison.Ordinal);
        Assert.Contains("error_code 0x2\n", text, StringComparison.Ordinal);
        Assert.Contains("kvm_fast_mmio:", text, StringComparison.Ordinal);

        // A MapGPA chain: the next 2 MiB chunk's KVM_EXIT_HYPERCALL follows F+ F- with no entry in between.
        var vcpu0 = Episodes.Split(g.Thread(g.VcpuThreads.First())).Episodes;
        Assert.Contains(vcpu0, e => Regex.IsMatch(e.Tokens, @"^F- U\(KVM_EXIT_HYPERCALL\)(?: F\+ F- U\(KVM_EXIT_HYPERCALL\))+ F\+ E$"));
    }

    [Fact]
    public void Report_fatal_error_ends_the_vm_and_nobody_reenters()
    {
        var o = new SynthOptions { TargetEvents = 3_000, ReportFatalErrorAtEnd = true, VmCount = 2, VcpusPerVm = 3 };
        Generated g = Generated.Run(o);
        ParsedLine fatal = Assert.Single(g.Lines, l => l.Payload == "reason KVM_EXIT_SYSTEM_EVENT (24)");
        int vm0 = g.Truth.Threads.Single(t => t.Tid == fatal.Pid).Tgid;
        foreach (var t in g.Truth.Threads.Where(t => t.Tgid == vm0 && t.Vcpu >= 0))
        {
            List<ParsedLine> after = g.Thread(t.Tid).Where(l => l.LineNumber > fatal.LineNumber).ToList();
            Assert.DoesNotContain(after, l => l.Event == "kvm_entry" || (l.Event == "kvm_fpu" && l.Payload == "load"));
            Assert.True(after.Count <= 4, $"{t.Comm} keeps running after the fatal error");
        }

        Assert.Contains(g.Lines, l => l.LineNumber > fatal.LineNumber && g.Truth.Threads.Single(t => t.Tid == l.Pid).Tgid != vm0);
        Assert.StartsWith("# entries-in-buffer/entries-written: " + g.Truth.EventCount.ToString(CultureInfo.InvariantCulture) + "/", g.Text.Split('\n')[2], StringComparison.Ordinal);
    }
}
