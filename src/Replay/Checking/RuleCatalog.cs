using System.Collections.Frozen;
using TraceLab.Replay.Model;

namespace TraceLab.Replay.Checking;

/// <summary>Every rule replay reports. docs/rules.md explains each (a test keeps the two in step).</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new(RuleIds.UnexpectedUserspace, Severity.Error, "§3.4, §11, §12", "the handler resumes the guest, but KVM_RUN returned to userspace"),
        new(RuleIds.MissingUserspace, Severity.Error, "§3.4, §11, §12", "the handler must leave KVM_RUN, but the guest was entered again"),
        new(RuleIds.WrongUserspaceReason, Severity.Error, "§3.4, §11, §12", "KVM_RUN returned to userspace with a reason this exit's handler cannot produce"),
        new(RuleIds.HandlerMismatch, Severity.Error, "§12, §13", "a companion event of another handler follows the exit (e.g. kvm_mmio after CPUID)"),
        new(RuleIds.MissingCompanion, Severity.Warning, "§12", "an event the handler always traces is missing, though the capture records that event"),
        new(RuleIds.ConsecutiveExits, Severity.Warning, "§1.4, §3.1", "two kvm_exit on one vCPU thread with no kvm_entry between them"),
        new(RuleIds.OtherSmiToUserspace, Severity.Error, "§8, §3.4 row 6m", "a non-MSMI OTHER_SMI (reason 0x6, info1 bit 0 clear) went to userspace; it must resume"),
        new(RuleIds.MsmiResumed, Severity.Error, "§8, §3.4 row 5", "an MSMI (reason 0x6, info1 bit 0 set) was resumed; it must end in KVM_EXIT_INTERNAL_ERROR"),
        new(RuleIds.NmiToUserspace, Severity.Error, "§3.4 row 6b", "an NMI or #MC exception exit of a TD went to userspace; it must resume"),
        new(RuleIds.UserspaceWithoutExit, Severity.Warning, "§3.1, §3.4 rows 2–3, §13", "KVM_RUN ended after kvm_entry with no kvm_exit: a SEAMCALL software error or a raw EPT_MISCONFIG; the VM is now bugged"),
        new(RuleIds.EnterFailed, Severity.Warning, "§3.2, §3.4 row 5, §13", "TDH.VP.ENTER failed with a status other than OPERAND_BUSY (reason 0xffff FAILED_VMENTRY, then KVM_EXIT_INTERNAL_ERROR)"),
        new(RuleIds.OperandBusyStorm, Severity.Info, "§3.1, §13", "a long run of TDX_OPERAND_BUSY retries on one vCPU (0-step mitigation or TLB-track contention)"),
        new(RuleIds.EntryFailure, Severity.Warning, "§3.4 row 4", "a TD entry failed (FAILED_VMENTRY with a real basic reason): KVM_EXIT_FAIL_ENTRY"),
        new(RuleIds.FailedEntryResumed, Severity.Error, "§3.4 row 4", "a failed TD entry was followed by kvm_entry instead of KVM_EXIT_FAIL_ENTRY"),
        new(RuleIds.BusLockMorph, Severity.Warning, "§3.2, §13", "TDCALL with exit-reason bit 26 (bus lock): morphing compares the full 32 bits and is skipped, so CPUID/HLT/IO/MSR/MMIO TDVMCALLs get SUBFUNC_UNSUPPORTED"),
        new(RuleIds.Injection, Severity.Error, "§7, §13", "kvm_inj_virq or kvm_inj_exception for a TD: KVM cannot inject into a TD"),
        new(RuleIds.Emulation, Severity.Error, "§6.3, §14", "kvm_emulate_insn for a TD: instructions of a TD are never emulated"),
        new(RuleIds.EntryInjection, Severity.Error, "§3.1, §13", "kvm_entry of a TD with intr_info or error_code set, or an immediate exit"),
        new(RuleIds.InvalidExitInfo, Severity.Error, "§3.3", "an exit with the -1u reason shows non-zero info fields; KVM clears them"),
        new(RuleIds.ExitTdxWithoutTdcall, Severity.Error, "§4.3–§4.5, §13", "KVM_EXIT_TDX (0x28) after an exit other than TDCALL"),
        new(RuleIds.FatalResumed, Severity.Warning, "§4.2, §13", "a TD that reported a fatal error (KVM_EXIT_SYSTEM_EVENT) was entered again"),
        new(RuleIds.SharedFetchResumed, Severity.Error, "§6.1", "an instruction fetch from a shared GPA was resumed; KVM_BUG_ON must fail KVM_RUN with -EIO"),
        new(RuleIds.PrivateFaultCode, Severity.Error, "§6.1, §13", "kvm_page_fault for a private GPA with error_code other than 0x2; KVM rewrites every private fault to ACC_WRITE"),
        new(RuleIds.VmxStyleQualification, Severity.Warning, "§3.3, §13", "a TDVMCALL-derived exit (HLT, CPUID, IO, MSR) whose info1 is not a GPR mask: VMX and TD exits may be mixed up"),
        new(RuleIds.MapGpaBadReturn, Severity.Warning, "§4.1", "KVM_RUN failed with EINVAL after a MapGPA KVM_EXIT_HYPERCALL: userspace returned a hypercall.ret other than 0, EAGAIN or EINVAL"),
        new(RuleIds.UnusableVmEntered, Severity.Error, "§3.4 rows 2–3, §6.1", "a VM that KVM marked bugged or dead was entered again; every KVM_RUN must fail with EIO"),
        new(RuleIds.UnhandledReasonResumed, Severity.Error, "§3.4 row 7", "an exit reason tdx_handle_exit does not handle was resumed; it must end in KVM_EXIT_INTERNAL_ERROR"),
        new(RuleIds.VmxTdcallInternalError, Severity.Info, "§11, §13", "a VMX guest's TDCALL/SEAMCALL ended in KVM_EXIT_INTERNAL_ERROR: expected before the October 2025 fix, which injects #UD"),
        new(RuleIds.VmxFailedEntryResumed, Severity.Error, "§11", "a failed VM entry (FAILED_VMENTRY) was followed by kvm_entry instead of KVM_EXIT_FAIL_ENTRY"),
    ];

    private static readonly FrozenDictionary<string, Rule> s_byId = All.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);

    public static Rule Get(string id) => s_byId[id];
}
