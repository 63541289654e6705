using TraceLab.Replay.Model;
using TraceLab.Replay.Output;
using TraceLab.Replay.Tests.Support;

namespace TraceLab.Replay.Tests.Rules;

/// <summary>Per-VM TD/VMX decision from the tells of spec §3.3–§3.4, and --mode overriding it.</summary>
public sealed class ModeDecisionTests
{
    private static TraceScript TdLike()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("TDCALL", info1: 0xfc00);
        t.Entry();
        t.Exit("HLT", info1: 0xffcc);
        t.Entry();
        return t;
    }

    private static TraceScript VmxLike()
    {
        var t = new TraceScript();
        t.Entry();
        t.Exit("APIC_WRITE", info1: 0x380);
        t.Entry();
        t.Exit("HLT");
        t.Entry();
        return t;
    }

    [Fact]
    public void Tdcall_exits_and_gpr_masks_make_a_td()
    {
        ReplayReport report = ReplayHarness.Run(TdLike().Text);
        VmSummary vm = Assert.Single(report.Vms);
        Assert.Equal(GuestMode.Tdx, vm.Mode);
        Assert.Contains("1 TDCALL", vm.Why, StringComparison.Ordinal);
        Assert.Equal("tdx", report.Mode);
    }

    [Fact] // §3.4 row 4: a TD shows failed entries too; they are no evidence of VMX
    public void Failed_entries_do_not_make_a_td_look_like_vmx()
    {
        TraceScript t = TdLike();
        for (int i = 0; i < 5; i++)
        {
            t.Exit("INVALID_STATE FAILED_VMENTRY");
            t.FpuUnload();
            t.Userspace("KVM_EXIT_FAIL_ENTRY (9)");
            t.FpuLoad();
            t.Entry();
        }

        Assert.Equal(GuestMode.Tdx, Assert.Single(ReplayHarness.Run(t.Text).Vms).Mode);
    }

    [Fact]
    public void Reasons_a_td_never_shows_make_a_vmx_guest()
    {
        ReplayReport report = ReplayHarness.Run(VmxLike().Text);
        Assert.Equal(GuestMode.Vmx, Assert.Single(report.Vms).Mode);
        ReportAssert.Clean(report);
    }

    [Fact]
    public void Mode_option_overrides_the_decision()
    {
        ReplayReport report = ReplayHarness.Run(VmxLike().Text, ReplayModeOption.Tdx);
        Assert.Equal(GuestMode.Tdx, Assert.Single(report.Vms).Mode);

        // As a TD, APIC_WRITE is not handled (§3.4 row 7) and HLT's info1 is no GPR mask (§3.3).
        Assert.Contains(report.Divergences, d => d.Rule == RuleIds.UnhandledReasonResumed);
        Assert.Contains(report.Divergences, d => d.Rule == RuleIds.VmxStyleQualification);
    }
}
