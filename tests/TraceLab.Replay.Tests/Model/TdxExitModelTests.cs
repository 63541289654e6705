using TraceLab.Replay.Model;
using TraceLab.Store.Kvm;

namespace TraceLab.Replay.Tests.Model;

/// <summary>
/// One test per branch of <c>tdx_handle_exit</c> (spec §3.4) and per TDVMCALL leaf group (§4): the outcomes the
/// model allows, written out from the spec's tables rather than from the model's code.
/// </summary>
public sealed class TdxExitModelTests
{
    private static ExitPrediction Predict(uint reason, ulong info1 = 0, ulong intrInfo = 0, KernelProfile kernel = KernelProfile.Latest) =>
        TdxExitModel.Predict(new ExitView(reason, Isa.Vmx, info1, 0, intrInfo, 0), kernel);

    private static string[] Boundaries(ExitPrediction p) =>
        [.. p.Outcomes.Select(o => o.Boundary switch
        {
            BoundaryKind.Entry => "E",
            BoundaryKind.Userspace => $"U{o.UserspaceCode}",
            _ => $"errno{o.Errno}",
        }).Order(StringComparer.Ordinal)];

    [Fact] // §3.2 + §3.4 rows 1 and 5: -1u is OPERAND_BUSY (fastpath, resume) or any other error (INTERNAL_ERROR)
    public void Invalid_reason_resumes_on_busy_or_ends_in_internal_error()
    {
        ExitPrediction p = Predict(0xFFFF_FFFF);
        Assert.Equal(["E", "U17"], Boundaries(p));
        Assert.Equal("OPERAND_BUSY retry", p.Outcomes.Single(o => o.Boundary == BoundaryKind.Entry).Leaf);
        Assert.Equal(RuleIds.EnterFailed, p.Outcomes.Single(o => o.Boundary == BoundaryKind.Userspace).Finding);
        Assert.Empty(p.ExitFindings);
    }

    [Fact] // §3.3: with the -1u reason KVM reports info1 = info2 = intr_info = 0
    public void Invalid_reason_with_info_fields_is_a_finding()
    {
        ExitPrediction p = TdxExitModel.Predict(new ExitView(0xFFFF_FFFF, Isa.Vmx, 0x1234, 0, 0, 0), KernelProfile.Latest);
        Assert.Equal(RuleIds.InvalidExitInfo, Assert.Single(p.ExitFindings).Rule);
    }

    [Fact] // §3.4 row 4: bit 31 with a real basic reason → KVM_EXIT_FAIL_ENTRY (9)
    public void Failed_entry_goes_to_userspace_as_fail_entry()
    {
        ExitPrediction p = Predict(0x8000_0021);
        Assert.Equal(["U9"], Boundaries(p));
        Assert.Equal(RuleIds.FailedEntryResumed, p.MissingUserspaceRule);
    }

    [Fact] // §3.4 row 6a
    public void Triple_fault_is_shutdown() => Assert.Equal(["U8"], Boundaries(Predict(2)));

    [Theory] // §3.4 row 6b: NMI (type 2) and #MC (vector 18) resume; any other vector is KVM_EXIT_EXCEPTION (1)
    [InlineData(0x8000_0202u, "E")]
    [InlineData(0x8000_0312u, "E")]
    [InlineData(0x8000_0306u, "U1")]
    public void Exception_nmi_resumes_only_for_nmi_and_machine_check(uint intrInfo, string boundary)
    {
        ExitPrediction p = Predict(0, intrInfo: intrInfo);
        Assert.Equal([boundary], Boundaries(p));
        if (boundary == "E")
        {
            Assert.Equal(RuleIds.NmiToUserspace, p.UnexpectedUserspaceRule);
        }
    }

    [Fact] // §3.4 row 6b: intr_info 0 (not valid) means the trace did not print it (kvm plugin): both outcomes stay open
    public void Exception_nmi_without_interruption_info_allows_both_outcomes() =>
        Assert.Equal(["E", "U1"], Boundaries(Predict(0, intrInfo: 0)));

    [Fact] // §3.4 row 6c
    public void External_interrupt_resumes() => Assert.Equal(["E"], Boundaries(Predict(1)));

    [Fact] // §3.4 row 6d, §4.7: kvm_cpuid is always traced
    public void Cpuid_resumes_after_kvm_cpuid()
    {
        Outcome o = Assert.Single(Predict(10, info1: 0xffcc).Outcomes);
        Assert.Equal(BoundaryKind.Entry, o.Boundary);
        Assert.True(o.Required.Contains(Companion.Cpuid));
    }

    [Fact] // §3.4 row 6e, §7: halt polling and the wakeup may follow
    public void Hlt_resumes_possibly_after_halting()
    {
        Outcome o = Assert.Single(Predict(12, info1: 0xffcc).Outcomes);
        Assert.Equal(BoundaryKind.Entry, o.Boundary);
        Assert.True(o.Required.IsEmpty);
        Assert.True(o.Allowed.Contains(Companion.VcpuWakeup) && o.Allowed.Contains(Companion.HaltPollNs));
    }

    [Fact] // §4, §14: MapGPA (chained HYPERCALL), ReportFatalError (SYSTEM_EVENT), KVM_EXIT_TDX, or resume
    public void Tdcall_outcomes_are_the_leaf_groups()
    {
        ExitPrediction p = Predict(77);
        Assert.Equal(["E", "U24", "U3", "U40"], Boundaries(p));
        Outcome mapGpa = p.Outcomes.Single(o => o.UserspaceCode == 3);
        Assert.True(mapGpa.Chains);
        Assert.Equal(TdvmcallLeaves.MapGpa, mapGpa.Leaf);
        Assert.Equal(OutcomeEffect.FatalReported, p.Outcomes.Single(o => o.UserspaceCode == 24).Effect);
    }

    [Fact] // §3.2, §13: bit 26 on TDCALL skips morphing
    public void Tdcall_with_bus_lock_bit_is_a_finding()
    {
        ExitPrediction p = Predict(77 | 0x0400_0000);
        Assert.Equal(RuleIds.BusLockMorph, Assert.Single(p.ExitFindings).Rule);
        Assert.Equal(["E", "U24", "U3", "U40"], Boundaries(p));
    }

    [Fact] // §5: kvm_hypercall is traced for every KVM hypercall; MAP_GPA_RANGE may exit to userspace
    public void Vmcall_traces_kvm_hypercall()
    {
        ExitPrediction p = Predict(18);
        Assert.Equal(["E", "U3"], Boundaries(p));
        Assert.All(p.Outcomes, o => Assert.True(o.Required.Contains(Companion.Hypercall)));
    }

    [Fact] // §4.7 IO row
    public void Io_outcomes_follow_direction_and_device()
    {
        ExitPrediction p = Predict(30, info1: 0xffcc);
        Assert.Equal(["E", "E", "E", "U2", "U2"], Boundaries(p));
        Outcome inFromUserspace = p.Outcomes.Single(o => o.Boundary == BoundaryKind.Userspace && o.Required.IsEmpty);
        Assert.True(inFromUserspace.PrefixRequired.Contains(Companion.PioRead));
        Outcome outToUserspace = p.Outcomes.Single(o => o.Boundary == BoundaryKind.Userspace && !o.Required.IsEmpty);
        Assert.True(outToUserspace.Required.Contains(Companion.PioWrite));
    }

    [Theory] // §3.4 rows 6i/6j, §4.7
    [InlineData(31u, 29, Companion.MsrRead)]
    [InlineData(32u, 30, Companion.MsrWrite)]
    public void Msr_is_emulated_or_goes_to_userspace(uint reason, int userspace, Companion traced)
    {
        ExitPrediction p = Predict(reason, info1: 0xffcc);
        Assert.Equal(["E", $"U{userspace}"], Boundaries(p));
        Assert.True(p.Outcomes.Single(o => o.Boundary == BoundaryKind.Entry).Required.Contains(traced));
    }

    [Fact] // §6.3: EPT_MISCONFIG is #VE.RequestMMIO; a read from userspace completes with kvm_mmio read at the next run
    public void Mmio_read_from_userspace_completes_at_the_next_run()
    {
        ExitPrediction p = Predict(49);
        Outcome read = p.Outcomes.Single(o => o.Boundary == BoundaryKind.Userspace && o.Required.Contains(Companion.MmioUnsatisfiedRead));
        Assert.Equal(UserspaceExitReasons.Mmio, read.UserspaceCode);
        Assert.True(read.PrefixRequired.Contains(Companion.MmioRead));
        Assert.Contains(p.Outcomes, o => o.Boundary == BoundaryKind.Entry && o.Required.Contains(Companion.FastMmio));
    }

    [Fact] // §6.1: resume, -EFAULT (MEMORY_FAULT) or -EIO (VM dead / KVM_BUG)
    public void Ept_violation_outcomes()
    {
        ExitPrediction p = Predict(48);
        Assert.Equal(["E", "errno14", "errno5", "errno5"], Boundaries(p));
        Assert.Equal(2, p.Outcomes.Count(o => o.Effect == OutcomeEffect.VmUnusable));
    }

    [Fact] // §8, §3.4 row 6m: a non-MSMI OTHER_SMI resumes
    public void Other_smi_without_msmi_resumes()
    {
        ExitPrediction p = Predict(6, info1: 0);
        Assert.Equal(["E"], Boundaries(p));
        Assert.Equal(RuleIds.OtherSmiToUserspace, p.UnexpectedUserspaceRule);
    }

    [Fact] // §8: MSMI is info1 bit 0 → NON_RECOVERABLE → KVM_EXIT_INTERNAL_ERROR
    public void Other_smi_with_msmi_ends_in_internal_error()
    {
        ExitPrediction p = Predict(6, info1: 1);
        Assert.Equal(["U17"], Boundaries(p));
        Assert.Equal(RuleIds.MsmiResumed, p.MissingUserspaceRule);
    }

    [Theory] // §3.4 row 7: TASK_SWITCH, INIT, BUS_LOCK, NOTIFY, APIC_ACCESS … → unhandled_exit
    [InlineData(9u)]
    [InlineData(3u)]
    [InlineData(74u)]
    [InlineData(75u)]
    [InlineData(44u)]
    public void Unhandled_reasons_end_in_internal_error(uint reason)
    {
        ExitPrediction p = Predict(reason);
        Assert.Equal(["U17"], Boundaries(p));
        Assert.Equal(RuleIds.UnhandledReasonResumed, p.MissingUserspaceRule);
    }

    [Theory] // §3.3, §13: TDVMCALL-derived exits carry a GPR mask in info1
    [InlineData(0xffccUL, false)]
    [InlineData(0xfc00UL, false)]
    [InlineData(0x0UL, true)]
    [InlineData(0x3f80008UL, true)]
    public void Vmx_style_qualification_on_a_tdvmcall_exit_is_a_finding(ulong info1, bool finding)
    {
        ExitPrediction p = Predict(30, info1: info1);
        Assert.Equal(finding, p.ExitFindings.Any(f => f.Rule == RuleIds.VmxStyleQualification));
    }
}
