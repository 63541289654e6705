namespace TraceLab.Synth;

/// <summary>
/// A divergence <c>tracelab replay</c> reports (docs/rules.md) that <see cref="SynthOptions.Inject"/> can put into a
/// synthetic trace on purpose. Each injected episode gives replay exactly one report, under the rule
/// <see cref="DivergenceKinds.RuleId"/> names, at the input line the truth records (<see cref="Truth.InjectedDivergence"/>).
/// </summary>
public enum DivergenceKind
{
    None = 0,

    // Both modes.

    /// <summary><c>exit.unexpected-userspace</c>: EXTERNAL_INTERRUPT (always resumed) followed by KVM_EXIT_IO.</summary>
    UnexpectedUserspace,

    /// <summary><c>exit.missing-userspace</c>: TRIPLE_FAULT (always KVM_EXIT_SHUTDOWN) followed by kvm_entry.</summary>
    MissingUserspace,

    /// <summary><c>exit.wrong-userspace-reason</c>: MSR_READ followed by KVM_EXIT_MMIO.</summary>
    WrongUserspaceReason,

    /// <summary><c>exit.handler-mismatch</c>: CPUID with its kvm_cpuid, then a kvm_pio write only the IO handler traces.</summary>
    HandlerMismatch,

    /// <summary><c>exit.missing-companion</c>: an MSR_WRITE resumed without its kvm_msr (reported only when the trace has kvm_msr elsewhere).</summary>
    MissingCompanion,

    /// <summary><c>exit.consecutive-exits</c>: an EXTERNAL_INTERRUPT whose kvm_entry is missing; reported at the thread's next kvm_exit.</summary>
    ConsecutiveExits,

    // TDX only.

    /// <summary><c>tdx.other-smi-to-userspace</c>: OTHER_SMI with info1 bit 0 clear, then KVM_EXIT_INTERNAL_ERROR.</summary>
    OtherSmiToUserspace,

    /// <summary><c>tdx.msmi-resumed</c>: OTHER_SMI with info1 bit 0 set (MSMI), then kvm_entry.</summary>
    MsmiResumed,

    /// <summary><c>tdx.nmi-to-userspace</c>: EXCEPTION_NMI with an NMI intr_info, then KVM_EXIT_EXCEPTION.</summary>
    NmiToUserspace,

    /// <summary>
    /// <c>tdx.userspace-without-exit</c>: KVM_RUN ends with KVM_EXIT_INTERNAL_ERROR after kvm_entry with no kvm_exit.
    /// KVM marks the VM bugged, so the VMM tears that VM down: it never enters again. Never hits the last VM running
    /// (needs <see cref="SynthOptions.VmCount"/> &gt;= 2) nor a VM with fewer than 64 exits so far (replay decides the mode from them).
    /// </summary>
    UserspaceWithoutExit,

    /// <summary><c>tdx.enter-failed</c>: the -1u reason followed by KVM_EXIT_INTERNAL_ERROR.</summary>
    EnterFailed,

    /// <summary><c>tdx.operand-busy-storm</c>: 100 to 139 OPERAND_BUSY retries in a row; reported at the last one.</summary>
    OperandBusyStorm,

    /// <summary><c>tdx.entry-failure</c>: INVALID_STATE FAILED_VMENTRY answered with KVM_EXIT_FAIL_ENTRY.</summary>
    EntryFailure,

    /// <summary><c>tdx.failed-entry-resumed</c>: INVALID_STATE FAILED_VMENTRY followed by kvm_entry.</summary>
    FailedEntryResumed,

    /// <summary><c>tdx.bus-lock-morph</c>: a TDCALL exit with exit-reason bit 26, handled in the kernel.</summary>
    BusLockMorph,

    /// <summary><c>tdx.injection</c>: kvm_inj_virq between an EXTERNAL_INTERRUPT exit and its kvm_entry.</summary>
    Injection,

    /// <summary><c>tdx.emulation</c>: kvm_emulate_insn after a private EPT violation's kvm_page_fault.</summary>
    Emulation,

    /// <summary><c>tdx.entry-injection</c>: a TD's kvm_entry with a non-zero intr_info (not with the kvm plugin, which does not print it).</summary>
    EntryInjection,

    /// <summary><c>tdx.invalid-exit-info</c>: the -1u reason with a non-zero info1, retried (resumed).</summary>
    InvalidExitInfo,

    /// <summary><c>tdx.exit-tdx-without-tdcall</c>: EPT_MISCONFIG followed by KVM_EXIT_TDX (0x28).</summary>
    ExitTdxWithoutTdcall,

    /// <summary><c>tdx.fatal-resumed</c>: TDCALL → KVM_EXIT_SYSTEM_EVENT (ReportFatalError), and the next KVM_RUN enters the TD.</summary>
    FatalResumed,

    /// <summary><c>tdx.shared-fetch-resumed</c>: an instruction fetch from a shared GPA (error_code bit 2) resumed.</summary>
    SharedFetchResumed,

    /// <summary><c>tdx.private-fault-code</c>: kvm_page_fault of a private GPA with the raw EPT qualification instead of 0x2.</summary>
    PrivateFaultCode,

    /// <summary><c>tdx.vmx-style-qualification</c>: a TD's HLT exit with info1 0 instead of the TDVMCALL GPR mask.</summary>
    VmxStyleQualification,

    /// <summary><c>tdx.mapgpa-bad-ret</c>: MapGPA's KVM_EXIT_HYPERCALL, then the next KVM_RUN fails with <c>error (22)</c> (6.18 only).</summary>
    MapGpaBadReturn,

    /// <summary><c>tdx.unhandled-reason-resumed</c>: TASK_SWITCH (not in tdx_handle_exit's table) followed by kvm_entry.</summary>
    UnhandledReasonResumed,

    // VMX only.

    /// <summary><c>vmx.failed-entry-resumed</c>: INVALID_STATE FAILED_VMENTRY followed by kvm_entry.</summary>
    VmxFailedEntryResumed,

    /// <summary><c>vmx.tdx-instruction-internal-error</c> (info, <c>--kernel latest</c>): a VMX guest's TDCALL ending in KVM_EXIT_INTERNAL_ERROR.</summary>
    VmxTdcallInternalError,
}
