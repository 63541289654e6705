namespace TraceLab.Synth.Behaviour;

/// <summary>
/// One exit and everything KVM does for it until the vCPU is back in the guest (or has left KVM_RUN). Which events
/// each scenario writes in TDX mode is spec §12's table; in VMX mode, §11.
/// </summary>
internal enum Scenario : byte
{
    None = 0,
    ExternalInterrupt,
    Hlt,
    MsrWriteTscDeadline,
    MsrWriteIcr,
    MsrRead,
    Cpuid,
    EptViolation,
    EptViolationShared,
    MmioFastWrite,
    MmioUserWrite,
    MmioUserRead,
    ApicAccess,
    IoOutUser,
    IoInUser,
    IoOutKernel,
    IoInKernel,
    PreemptionTimer,
    PreemptionTimerFastpath,
    Pause,
    Vmcall,
    MapGpa,
    GetQuote,
    TdcallInKernel,
    OtherSmi,
    OperandBusy,
    SignalKick,
    HostKick,
    ReportFatalError,

    /// <summary>A divergence <see cref="SynthOptions.Inject"/> asked for (<see cref="Sim.VcpuActor.InjectKind"/>), written by <see cref="Injector"/>.</summary>
    Injected,
}
