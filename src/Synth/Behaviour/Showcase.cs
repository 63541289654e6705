namespace TraceLab.Synth.Behaviour;

/// <summary>
/// Scripted first exits for <see cref="SynthOptions.Showcase"/>: every rare scenario of the mode happens within the
/// first couple of hundred lines. vCPU 1 halts first and stays asleep until vCPU 0's ICR write wakes it, so the trace
/// shows a cross-thread kvm_apic_accept_irq before a kvm_vcpu_wakeup.
/// </summary>
internal static class Showcase
{
    private static readonly Scenario[] s_tdxVcpu0 =
    [
        Scenario.MmioUserRead, Scenario.MapGpa, Scenario.IoOutUser, Scenario.MsrWriteIcr, Scenario.GetQuote,
        Scenario.OtherSmi, Scenario.EptViolation, Scenario.IoInUser, Scenario.SignalKick, Scenario.MmioFastWrite,
        Scenario.Cpuid, Scenario.MsrWriteTscDeadline, Scenario.Hlt,
    ];

    private static readonly Scenario[] s_tdxVcpu1 =
    [
        Scenario.Hlt, Scenario.OperandBusy, Scenario.EptViolationShared, Scenario.MmioUserWrite, Scenario.MsrRead,
        Scenario.TdcallInKernel, Scenario.MsrWriteTscDeadline, Scenario.Hlt,
    ];

    private static readonly Scenario[] s_vmxVcpu0 =
    [
        Scenario.MmioUserRead, Scenario.IoOutUser, Scenario.IoInUser, Scenario.MsrWriteIcr, Scenario.ApicAccess,
        Scenario.PreemptionTimerFastpath, Scenario.EptViolation, Scenario.Cpuid, Scenario.SignalKick,
        Scenario.MmioFastWrite, Scenario.Vmcall, Scenario.IoOutKernel, Scenario.Hlt,
    ];

    private static readonly Scenario[] s_vmxVcpu1 =
    [
        Scenario.Hlt, Scenario.MsrWriteTscDeadline, Scenario.PreemptionTimer, Scenario.IoInKernel,
        Scenario.MmioUserWrite, Scenario.Pause, Scenario.MsrRead, Scenario.Hlt,
    ];

    private static readonly Scenario[] s_others = [Scenario.Hlt, Scenario.ExternalInterrupt];

    public static Scenario[] ScriptFor(bool tdx, bool enabled, int vcpu)
    {
        if (!enabled)
        {
            return [];
        }

        return vcpu switch
        {
            0 => tdx ? s_tdxVcpu0 : s_vmxVcpu0,
            1 => tdx ? s_tdxVcpu1 : s_vmxVcpu1,
            _ => s_others,
        };
    }
}
