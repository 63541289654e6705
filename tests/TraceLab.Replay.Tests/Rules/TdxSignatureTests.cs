using TraceLab.Replay.Checking;
using TraceLab.Replay.Model;
using TraceLab.Replay.Output;
using TraceLab.Replay.Tests.Support;

namespace TraceLab.Replay.Tests.Rules;

/// <summary>
/// The divergence signatures of spec §13 (and the rules of docs/rules.md) on minimal TD traces: each signature is
/// found at the offending line, and the legal variant next to it is not reported. Traces go through the real
/// parser and store.
/// </summary>
public sealed class TdxSignatureTests
{
    private const ulong GprMask = 0xffcc;

    [Fact] // §8, §3.4 row 6m
    public void Other_smi_that_goes_to_userspace_is_reported_at_the_userspace_exit()
    {
        var t = new TraceScript();
        t.Entry();
        int exit = t.Exit("0x6", info1: 0);
        t.FpuUnload();
        int user = t.Userspace("KVM_EXIT_INTERNAL_ERROR (17)");

        Divergence d = ReportAssert.One(ReplayHarness.Td(t), RuleIds.OtherSmiToUserspace, user);
        Assert.Equal(exit, d.Line);
        Assert.Equal(Severity.Error, d.Severity);
    }

    [Fact] // §8, §12: a non-MSMI OTHER_SMI resumes; a signal (restart) in between is allowed
    public void Other_smi_that_resumes_or_is_interrupted_by_a_signal_is_clean()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("0x6");
        t.Entry();
        t.Exit("0x6");
        t.FpuUnload();
        t.Userspace("restart (4)");
        t.FpuLoad();
        t.Entry();

        ReplayReport report = ReplayHarness.Td(t);
        ReportAssert.Clean(report);
        Assert.Equal(2, report.Decided);
    }

    [Fact] // §8: MSMI must end in KVM_EXIT_INTERNAL_ERROR
    public void Msmi_that_is_resumed_is_reported_at_the_entry()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("0x6", info1: 1);
        int entry = t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.MsmiResumed, entry);

        var ok = new TraceScript();
        ok.Entry();
        ok.Exit("0x6", info1: 1);
        ok.FpuUnload();
        ok.Userspace("KVM_EXIT_INTERNAL_ERROR (17)");
        ReportAssert.Clean(ReplayHarness.Td(ok));
    }

    [Fact] // §3.4 rows 2–3, §13: KVM_RUN ends after kvm_entry without kvm_exit; the VM is bugged from then on
    public void Userspace_exit_without_kvm_exit_marks_the_vm_bugged()
    {
        var t = new TraceScript();
        t.Entry();
        t.FpuUnload();
        int user = t.Userspace("KVM_EXIT_INTERNAL_ERROR (17)");
        t.FpuLoad();
        int reentry = t.Entry();

        ReplayReport report = ReplayHarness.Td(t);
        Assert.Equal(2, report.Divergences.Count);
        Assert.Contains(report.Divergences, d => d.Rule == RuleIds.UserspaceWithoutExit && d.EventLine == user && d.Severity == Severity.Warning);
        Assert.Contains(report.Divergences, d => d.Rule == RuleIds.UnusableVmEntered && d.EventLine == reentry && d.Severity == Severity.Error);
    }

    [Fact] // §3.1: OPERAND_BUSY is retried (resume); §3.4 row 5 + §13: any other -1u status ends in INTERNAL_ERROR
    public void Invalid_reason_resumes_quietly_and_reports_a_failed_enter_as_a_warning()
    {
        var busy = new TraceScript();
        busy.Entry();
        busy.Exit("0xffff FAILED_VMENTRY 0x7fff0000");
        busy.Entry();
        ReplayReport clean = ReplayHarness.Td(busy);
        ReportAssert.Clean(clean);
        Assert.Equal("OPERAND_BUSY retry", Assert.Single(clean.Leaves).Leaf);

        var failed = new TraceScript();
        failed.Entry();
        failed.Exit("0xffff FAILED_VMENTRY 0x7fff0000");
        failed.FpuUnload();
        int user = failed.Userspace("KVM_EXIT_INTERNAL_ERROR (17)");
        ReplayReport report = ReplayHarness.Td(failed);
        Assert.Equal(Severity.Warning, ReportAssert.One(report, RuleIds.EnterFailed, user).Severity);
        Assert.False(report.HasErrors);
    }

    [Theory] // §13: long runs of OPERAND_BUSY retries; the threshold is replay's (ReplayOptions.BusyStormThreshold)
    [InlineData(99, false)]
    [InlineData(100, true)]
    public void A_long_run_of_busy_retries_is_one_info_finding(int retries, bool reported)
    {
        var t = new TraceScript();
        t.Entry();
        int first = 0;
        for (int i = 0; i < retries; i++)
        {
            int line = t.Exit("0xffff FAILED_VMENTRY 0x7fff0000");
            first = first == 0 ? line : first;
            t.Entry();
        }

        t.Exit("HLT", info1: GprMask);
        t.Entry();
        ReplayReport report = ReplayHarness.Td(t);
        if (!reported)
        {
            ReportAssert.Clean(report);
            return;
        }

        Divergence d = Assert.Single(report.Divergences);
        Assert.Equal((RuleIds.OperandBusyStorm, Severity.Info, first), (d.Rule, d.Severity, d.Line));
    }

    [Fact] // §3.4 row 4
    public void Failed_td_entry_goes_to_userspace_and_may_not_be_resumed()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("INVALID_STATE FAILED_VMENTRY");
        t.FpuUnload();
        int user = t.Userspace("KVM_EXIT_FAIL_ENTRY (9)");
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.EntryFailure, user);

        var resumed = new TraceScript();
        resumed.Entry();
        resumed.Exit("INVALID_STATE FAILED_VMENTRY");
        int entry = resumed.Entry();
        ReportAssert.One(ReplayHarness.Td(resumed), RuleIds.FailedEntryResumed, entry);
    }

    [Fact] // §3.2, §13
    public void Tdcall_with_the_bus_lock_bit_is_reported_at_the_exit()
    {
        var t = new TraceScript();
        t.Entry();
        int exit = t.Exit("TDCALL 0x4000000");
        t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.BusLockMorph, exit);
    }

    [Fact] // §7, §13
    public void Injection_into_a_td_is_reported()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("EXTERNAL_INTERRUPT", intrInfo: 0x800000ec);
        int inj = t.InjVirq();
        t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.Injection, inj);
    }

    [Fact] // §6.3, §14
    public void Emulation_for_a_td_is_reported()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("EPT_VIOLATION");
        t.PageFault(0x8000_fed0_0000, 0x2);
        int emulate = t.EmulateInsn();
        t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.Emulation, emulate);
    }

    [Fact] // §3.1, §13
    public void Td_entry_with_an_injected_event_is_reported()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("EXTERNAL_INTERRUPT");
        int entry = t.Entry(intrInfo: 0x800000ec);
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.EntryInjection, entry);
    }

    [Fact] // §12, §13: kvm_mmio after CPUID
    public void Companion_of_another_handler_is_a_handler_mismatch()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("CPUID", info1: GprMask);
        int mmio = t.Mmio("read");
        t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.HandlerMismatch, mmio);
    }

    [Fact] // §12: a companion the handler always traces is missing, while the capture records that event
    public void Missing_companion_is_reported_only_when_the_capture_records_it()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("CPUID", info1: GprMask);
        int entry = t.Entry();
        ReportAssert.Clean(ReplayHarness.Td(t));   // no kvm_cpuid anywhere: the capture does not record it

        t.Exit("CPUID", info1: GprMask);
        t.Cpuid();
        t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.MissingCompanion, entry);
    }

    [Fact] // §4.3–§4.5, §13: KVM_EXIT_TDX only follows TDCALL
    public void Exit_tdx_after_another_reason_is_reported()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("EPT_MISCONFIG", info1: GprMask);
        t.FpuUnload();
        int user = t.Userspace("0x28 (40)");
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.ExitTdxWithoutTdcall, user);

        var ok = new TraceScript();
        ok.Entry();
        ok.Exit("TDCALL", info1: GprMask);
        ok.FpuUnload();
        ok.Userspace("0x28 (40)");
        ok.FpuLoad();
        ok.Entry();
        ReplayReport report = ReplayHarness.Td(ok);
        ReportAssert.Clean(report);
        Assert.Equal(TdvmcallLeaves.ExitTdx, Assert.Single(report.Leaves).Leaf);
    }

    [Fact] // §4.2, §13
    public void Entering_a_td_after_report_fatal_error_is_reported()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("TDCALL", info1: GprMask);
        t.FpuUnload();
        t.Userspace("KVM_EXIT_SYSTEM_EVENT (24)");
        t.FpuLoad();
        int entry = t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.FatalResumed, entry);
    }

    [Fact] // §6.1: a shared-GPA instruction fetch is KVM_BUG_ON → -EIO
    public void Shared_fetch_must_fail_the_run()
    {
        const ulong shared = (1UL << 47) | 0xfeb0_0000;
        var t = new TraceScript();
        t.Entry();
        t.Exit("EPT_VIOLATION");
        t.PageFault(shared, 0x4);
        int entry = t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.SharedFetchResumed, entry);

        var ok = new TraceScript();
        ok.Entry();
        ok.Exit("EPT_VIOLATION");
        ok.PageFault(shared, 0x4);
        ok.FpuUnload();
        ok.Userspace("error (5)");
        ReportAssert.Clean(ReplayHarness.Td(ok));
    }

    [Theory] // §6.1, §13: private faults always carry error_code 0x2
    [InlineData(0x2UL, false)]
    [InlineData(0x6UL, true)]
    public void Private_fault_error_code_must_be_acc_write(ulong errorCode, bool reported)
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("EPT_VIOLATION");
        int fault = t.PageFault(0x1234_5000, errorCode);
        t.Entry();
        ReplayReport report = ReplayHarness.Td(t);
        if (reported)
        {
            ReportAssert.One(report, RuleIds.PrivateFaultCode, fault);
        }
        else
        {
            ReportAssert.Clean(report);
        }
    }

    [Fact] // §3.3, §13
    public void Tdvmcall_exit_with_a_vmx_qualification_is_a_warning()
    {
        var t = new TraceScript();
        t.Entry();
        int exit = t.Exit("HLT", info1: 0);
        t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.VmxStyleQualification, exit);
    }

    [Fact] // §4.1: KVM_EXIT_HYPERCALL repeats for each 2 MiB chunk with no kvm_entry between
    public void Mapgpa_chain_is_one_clean_episode()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("TDCALL", info1: GprMask);
        for (int chunk = 0; chunk < 3; chunk++)
        {
            t.FpuUnload();
            t.Userspace("KVM_EXIT_HYPERCALL (3)");
            t.FpuLoad();
        }

        t.Entry();
        ReplayReport report = ReplayHarness.Td(t);
        ReportAssert.Clean(report);
        LeafSummary leaf = Assert.Single(report.Leaves);
        Assert.Equal((TdvmcallLeaves.MapGpa, 1L), (leaf.Leaf, leaf.Count));
    }

    [Theory] // §4.1: EINVAL after the chunk's exit is the latest tree's answer to a bad hypercall.ret; 6.16 never does it
    [InlineData(KernelProfile.Latest, RuleIds.MapGpaBadReturn)]
    [InlineData(KernelProfile.Linux616, RuleIds.WrongUserspaceReason)]
    public void Mapgpa_einval_depends_on_the_kernel(KernelProfile kernel, string rule)
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("TDCALL", info1: GprMask);
        t.FpuUnload();
        t.Userspace("KVM_EXIT_HYPERCALL (3)");
        t.FpuLoad();
        int error = t.Userspace("error (22)");
        ReportAssert.One(ReplayHarness.Td(t, kernel), rule, error);
    }

    [Fact] // §4.7 IO row: an IN from userspace completes with kvm_pio read at the next KVM_RUN
    public void Io_in_from_userspace_needs_the_read_at_the_next_run()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("IO_INSTRUCTION", info1: GprMask);   // OUT to userspace: kvm_pio write, then KVM_EXIT_IO
        t.Pio(write: true);
        t.FpuUnload();
        t.Userspace("KVM_EXIT_IO (2)");
        t.FpuLoad();
        t.Entry();
        t.Exit("IO_INSTRUCTION", info1: GprMask);   // IN from userspace: the read is traced at the next run
        t.FpuUnload();
        t.Userspace("KVM_EXIT_IO (2)");
        t.FpuLoad();
        t.Pio(write: false);
        t.Entry();
        ReportAssert.Clean(ReplayHarness.Td(t));

        t.Exit("IO_INSTRUCTION", info1: GprMask);   // IN from userspace without the completion's read
        t.FpuUnload();
        t.Userspace("KVM_EXIT_IO (2)");
        t.FpuLoad();
        int entry = t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.MissingCompanion, entry);
    }

    [Fact] // §3.4 row 6b
    public void Nmi_exit_that_goes_to_userspace_is_reported()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("EXCEPTION_NMI", intrInfo: 0x80000202);
        t.FpuUnload();
        int user = t.Userspace("KVM_EXIT_EXCEPTION (1)");
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.NmiToUserspace, user);
    }

    [Fact] // §3.4 row 7
    public void Unhandled_reason_that_is_resumed_is_reported()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("TASK_SWITCH");
        int entry = t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.UnhandledReasonResumed, entry);
    }

    [Fact] // §12: request-driven exits may replace the entry after any resuming exit
    public void Request_driven_exit_after_a_resume_is_clean()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("EXTERNAL_INTERRUPT");
        t.FpuUnload();
        t.Userspace("0x1f (31)");
        t.FpuLoad();
        t.Entry();
        ReportAssert.Clean(ReplayHarness.Td(t));
    }

    [Fact] // §1.4, §3.1
    public void Two_exits_without_an_entry_are_a_capture_warning()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("HLT", info1: GprMask);
        int second = t.Exit("HLT", info1: GprMask);
        t.Entry();
        ReportAssert.One(ReplayHarness.Td(t), RuleIds.ConsecutiveExits, second);
    }

    [Fact] // honest about what a trace cannot show: an elision before the boundary makes the episode undecidable
    public void Gap_before_the_boundary_is_undecidable_not_a_divergence()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("0x6", info1: 1);
        t.Prose();
        t.Entry();
        ReplayReport report = ReplayHarness.Td(t);
        Assert.Empty(report.Divergences);
        UndecidableCount u = Assert.Single(report.Undecidable);
        Assert.Equal((Undecidable.Gap, 1L), (u.Reason, u.Count));
    }
}
