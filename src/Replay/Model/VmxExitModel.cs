using TraceLab.Store.Kvm;
using static TraceLab.Replay.Model.Companion;
using static TraceLab.Replay.Model.OutcomeBuilder;

namespace TraceLab.Replay.Model;

/// <summary>
/// KVM's VMX exit handling for ordinary guests (spec §11, <c>__vmx_handle_exit</c> and its handler table). VMX
/// handlers may run the x86 emulator, which can trace almost any companion, so the model is deliberately looser
/// than the TDX one about companions of emulating exits, and exact about boundaries: which exits can leave KVM_RUN
/// and with which reasons.
/// </summary>
public static class VmxExitModel
{
    private const string Handler = "vmx_handle_exit";

    /// <summary>Everything an exit that may go through the emulator can trace (§11: emulation, #UD, MMIO, string IO).</summary>
    private static readonly CompanionSet s_emulation = Of(
        PioRead, PioWrite, MmioRead, MmioWrite, MmioUnsatisfiedRead, FastMmio, MsrRead, MsrWrite, Cpuid, Hypercall, PageFault, EmulateInsn);

    private static readonly Outcome s_internalError =
        Userspace("KVM_EXIT_INTERNAL_ERROR", UserspaceExitReasons.InternalError, "§11");

    /// <summary>Userspace exits the emulator can end in (§11: MMIO/IO emulation, emulation failure, userspace MSRs).</summary>
    /// <remarks>An MMIO or IO read completes at the next KVM_RUN (complete_emulated_mmio / complete_fast_pio_in),
    /// which traces the read and may run the emulator again: the prefix allows the emulation companions.</remarks>
    private static readonly Outcome[] s_emulationExits =
    [
        Userspace("emulated MMIO → KVM_EXIT_MMIO", UserspaceExitReasons.Mmio, "§11", allowed: s_emulation) with { PrefixAllowed = s_emulation },
        Userspace("emulated IO → KVM_EXIT_IO", UserspaceExitReasons.Io, "§11", allowed: s_emulation) with { PrefixAllowed = s_emulation },
        s_internalError with { Name = "emulation failure → KVM_EXIT_INTERNAL_ERROR", Allowed = s_emulation },
    ];

    public static ExitPrediction Predict(in ExitView exit, KernelProfile profile)
    {
        if (exit.Reason is not uint reason)
        {
            return Branch("unknown reason → unexpected_vmexit", "§11", s_internalError);
        }

        // §11: failed_vmentry is checked before the handler table.
        if ((reason & ExitView.FailedVmentryBit) != 0)
        {
            return Branch("failed VM entry → KVM_EXIT_FAIL_ENTRY", "§11",
                    Userspace("KVM_EXIT_FAIL_ENTRY", UserspaceExitReasons.FailEntry, "§11"))
                with { MissingUserspaceRule = RuleIds.VmxFailedEntryResumed };
        }

        ExitPrediction prediction = PredictBasic(reason & 0xFFFF, profile);

        // §11: vmx_handle_exit turns a bus-lock-detected exit into KVM_EXIT_X86_BUS_LOCK after the handler ran.
        if ((reason & ExitView.BusLockBit) != 0)
        {
            prediction = prediction with
            {
                Outcomes = [.. prediction.Outcomes, Userspace("bus lock detected → KVM_EXIT_X86_BUS_LOCK", 33, "§11", allowed: prediction.AnyAllowed)],
            };
        }

        return prediction;
    }

    private static ExitPrediction PredictBasic(uint basic, KernelProfile profile) => basic switch
    {
        VmxExitReasons.ExceptionNmi => Branch("EXCEPTION_NMI → handle_exception_nmi", "§11",
            [Resume("handled (NMI, #MC, #PF, #UD emulation, …)", "§11", allowed: s_emulation),
             Userspace("unhandled vector → KVM_EXIT_EXCEPTION", UserspaceExitReasons.Exception, "§11", allowed: s_emulation),
             Userspace("guest debug → KVM_EXIT_DEBUG", 4, "§11", allowed: s_emulation),
             .. s_emulationExits]),
        VmxExitReasons.ExternalInterrupt => Branch("EXTERNAL_INTERRUPT → return 1", "§11", Resume("resume", "§11")),
        VmxExitReasons.TripleFault => Branch("TRIPLE_FAULT → KVM_EXIT_SHUTDOWN", "§11",
            Userspace("KVM_EXIT_SHUTDOWN", UserspaceExitReasons.Shutdown, "§11")),
        VmxExitReasons.InitSignal or VmxExitReasons.SipiSignal or VmxExitReasons.OtherSmi =>
            Branch($"reason {basic}: no handler for an L1 guest → unexpected_vmexit", "§11", s_internalError),
        VmxExitReasons.InterruptWindow => Branch("INTERRUPT_WINDOW → handle_interrupt_window", "§11",
            [Resume("resume", "§11"), Userspace("KVM_EXIT_IRQ_WINDOW_OPEN", UserspaceExitReasons.IrqWindowOpen, "§11")]),
        VmxExitReasons.TaskSwitch => Branch("TASK_SWITCH → handle_task_switch", "§11",
            [Resume("resume", "§11", allowed: s_emulation), .. s_emulationExits]),
        VmxExitReasons.Cpuid => Branch("CPUID → kvm_emulate_cpuid", "§11", Resume("resume after kvm_cpuid", "§11", required: Of(Cpuid))),
        VmxExitReasons.Hlt => Branch("HLT → kvm_emulate_halt", "§11",
            [Resume("resume after halting", "§11", allowed: Of(HaltPollNs, VcpuWakeup)),
             Userspace("userspace LAPIC → KVM_EXIT_HLT", UserspaceExitReasons.Hlt, "§11")]),
        VmxExitReasons.Vmcall => Branch("VMCALL → kvm_emulate_hypercall", "§11",
            [Resume("resume", "§11", allowed: Of(Hypercall)),
             Userspace("MAP_GPA_RANGE → KVM_EXIT_HYPERCALL", UserspaceExitReasons.Hypercall, "§11", allowed: Of(Hypercall)),
             Userspace("Hyper-V hypercall → KVM_EXIT_HYPERV", 27, "§11"),
             Userspace("Xen hypercall → KVM_EXIT_XEN", 34, "§11")]),
        VmxExitReasons.CrAccess => Branch("CR_ACCESS → handle_cr", "§11",
            [Resume("resume", "§11", allowed: s_emulation), Userspace("CR8 write → KVM_EXIT_SET_TPR", 11, "§11"), .. s_emulationExits]),
        29 => Branch("DR_ACCESS → handle_dr", "§11", [Resume("resume", "§11"), Userspace("KVM_EXIT_DEBUG", 4, "§11")]),
        VmxExitReasons.IoInstruction => Branch("IO_INSTRUCTION → handle_io", "§11",
            [Resume("in-kernel device or emulated string IO", "§11", allowed: s_emulation), .. s_emulationExits]),
        VmxExitReasons.MsrRead or 84 => Branch("MSR_READ → kvm_emulate_rdmsr", "§11",
            [Resume("emulated in kernel (#GP injected on failure)", "§11", required: Of(MsrRead)),
             Userspace("KVM_EXIT_X86_RDMSR", UserspaceExitReasons.X86Rdmsr, "§11")]),
        VmxExitReasons.MsrWrite or 85 => Branch("MSR_WRITE → kvm_emulate_wrmsr", "§11",
            [Resume("emulated in kernel (#GP injected on failure)", "§11", required: Of(MsrWrite)),
             Userspace("KVM_EXIT_X86_WRMSR", UserspaceExitReasons.X86Wrmsr, "§11")]),
        37 => Branch("MONITOR_TRAP_FLAG → handle_monitor_trap", "§11", [Resume("resume", "§11"), Userspace("single step → KVM_EXIT_DEBUG", 4, "§11")]),
        VmxExitReasons.ApicAccess or 46 or 47 or 14 => Branch($"reason {basic} → emulated", "§11",
            [Resume("emulated", "§11", allowed: s_emulation), .. s_emulationExits]),
        VmxExitReasons.EptViolation => Branch("EPT_VIOLATION → handle_ept_violation", "§11",
            [Resume("fault handled (or MMIO emulated)", "§11", required: Of(PageFault), allowed: s_emulation),
             Userspace("emulated MMIO → KVM_EXIT_MMIO", UserspaceExitReasons.Mmio, "§11", required: Of(PageFault), allowed: s_emulation)
                 with { PrefixAllowed = s_emulation },
             s_internalError with { Name = "emulation failure → KVM_EXIT_INTERNAL_ERROR", Required = Of(PageFault), Allowed = s_emulation },
             RunError("attribute mismatch → KVM_EXIT_MEMORY_FAULT (-EFAULT)", 14, "§11", required: Of(PageFault)),
             RunError("-EIO from the MMU", 5, "§11", required: Of(PageFault))]),
        VmxExitReasons.EptMisconfig => Branch("EPT_MISCONFIG → handle_ept_misconfig", "§11",
            [Resume("fast MMIO or emulated MMIO", "§11", allowed: s_emulation), .. s_emulationExits]),
        VmxExitReasons.BusLock => Branch("BUS_LOCK → KVM_EXIT_X86_BUS_LOCK", "§11", Userspace("KVM_EXIT_X86_BUS_LOCK", 33, "§11")),
        VmxExitReasons.Notify => Branch("NOTIFY → handle_notify", "§11", [Resume("resume", "§11"), Userspace("KVM_EXIT_NOTIFY", 37, "§11")]),
        VmxExitReasons.Seamcall or VmxExitReasons.Tdcall => Branch("SEAMCALL/TDCALL from a VMX guest", "§11, §13",
            [Resume("#UD injected (handle_tdx_instruction, October 2025 fix)", "§11", allowed: Of(InjException)),
             s_internalError with
             {
                 Name = "no handler (before the fix) → KVM_EXIT_INTERNAL_ERROR",
                 Finding = profile == KernelProfile.Latest ? RuleIds.VmxTdcallInternalError : null,
             }]),
        8 or 13 or 15 or 36 or 39 or 40 or 43 or 45 or VmxExitReasons.ApicWrite or VmxExitReasons.PreemptionTimer or 54 or 55 or 57
            or 58 or 60 or 61 or 62 => Branch($"reason {basic} → handled in kernel", "§11", Resume("resume", "§11")),
        >= 19 and <= 27 or 50 or 53 or 59 => Branch($"VMX instruction (reason {basic}) → handle_vmx_instruction", "§11",
            Resume("emulated for a nested hypervisor, or #UD", "§11", allowed: s_emulation)),
        _ => Branch($"reason {basic}: no handler → unexpected_vmexit", "§11", s_internalError),
    };

    private static ExitPrediction Branch(string branch, string spec, params Outcome[] outcomes) => new()
    {
        Outcomes = [.. outcomes],
        Branch = $"{Handler}: {branch}",
        Spec = spec,
    };
}
