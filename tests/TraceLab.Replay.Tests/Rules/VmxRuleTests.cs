using TraceLab.Replay.Checking;
using TraceLab.Replay.Model;
using TraceLab.Replay.Output;
using TraceLab.Replay.Tests.Support;

namespace TraceLab.Replay.Tests.Rules;

/// <summary>The VMX model (spec §11) on minimal traces of an ordinary guest.</summary>
public sealed class VmxRuleTests
{
    [Fact] // §11: the ordinary life of a VMX vCPU — injection before entry, halting, emulated MMIO completed at the next run
    public void Ordinary_vmx_episodes_are_clean()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("EXTERNAL_INTERRUPT", intrInfo: 0x800000ec);
        t.InjVirq();
        t.Entry(intrInfo: 0x800000ec);
        t.Exit("HLT");
        t.Wakeup();
        t.Entry();
        t.Exit("CPUID");
        t.Cpuid();
        t.Entry();
        t.Exit("EPT_MISCONFIG");
        t.EmulateInsn();
        t.Mmio("unsatisfied-read");
        t.FpuUnload();
        t.Userspace("KVM_EXIT_MMIO (6)");
        t.FpuLoad();
        t.Mmio("read");
        t.Entry();
        t.Exit("EPT_VIOLATION");
        t.PageFault(0x1000, 0x181);
        t.Entry();

        ReplayReport report = ReplayHarness.Vmx(t);
        ReportAssert.Clean(report);
        Assert.Equal(5, report.Decided);
        Assert.Empty(report.Leaves);   // the leaf breakdown is a TDX notion
    }

    [Fact] // §11: a failed VM entry goes to userspace as KVM_EXIT_FAIL_ENTRY
    public void Failed_vm_entry_that_is_resumed_is_reported()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("INVALID_STATE FAILED_VMENTRY");
        int entry = t.Entry();
        ReportAssert.One(ReplayHarness.Vmx(t), RuleIds.VmxFailedEntryResumed, entry);
    }

    [Fact] // §11: VMLAUNCH/VMRESUME VM-fail returns KVM_EXIT_FAIL_ENTRY without a kvm_exit
    public void Vm_fail_without_kvm_exit_is_legal_on_vmx()
    {
        var t = new TraceScript();
        t.Entry();
        t.FpuUnload();
        t.Userspace("KVM_EXIT_FAIL_ENTRY (9)");
        ReportAssert.Clean(ReplayHarness.Vmx(t));
    }

    [Fact] // §11
    public void External_interrupt_that_goes_to_userspace_is_reported()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("EXTERNAL_INTERRUPT");
        t.FpuUnload();
        int user = t.Userspace("KVM_EXIT_IO (2)");
        ReportAssert.One(ReplayHarness.Vmx(t), RuleIds.UnexpectedUserspace, user);
    }

    [Fact] // the TD-only rule for KVM_EXIT_TDX is not used for a VMX guest
    public void Exit_tdx_from_a_vmx_guest_is_an_ordinary_unexpected_userspace_exit()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("EXTERNAL_INTERRUPT");
        t.FpuUnload();
        int user = t.Userspace("0x28 (40)");
        ReportAssert.One(ReplayHarness.Vmx(t), RuleIds.UnexpectedUserspace, user);
    }

    [Theory] // §11, §13: TDCALL from a VMX guest: #UD since the October 2025 fix, INTERNAL_ERROR before it
    [InlineData(KernelProfile.Latest, true)]
    [InlineData(KernelProfile.Linux616, false)]
    public void Tdcall_from_a_vmx_guest_ending_in_internal_error_is_informational(KernelProfile kernel, bool reported)
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("TDCALL");
        t.FpuUnload();
        int user = t.Userspace("KVM_EXIT_INTERNAL_ERROR (17)");
        ReplayReport report = ReplayHarness.Vmx(t, kernel);
        Assert.False(report.HasErrors);
        if (reported)
        {
            Assert.Equal(Severity.Info, ReportAssert.One(report, RuleIds.VmxTdcallInternalError, user).Severity);
        }
        else
        {
            ReportAssert.Clean(report);
        }
    }

    [Fact] // §11: vmx_handle_exit turns a bus-lock-detected exit into KVM_EXIT_X86_BUS_LOCK
    public void Bus_lock_detected_exit_may_go_to_userspace()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("EPT_VIOLATION 0x4000000");
        t.PageFault(0x1000, 0x181);
        t.FpuUnload();
        t.Userspace("0x21 (33)");
        ReportAssert.Clean(ReplayHarness.Vmx(t));
    }
}
