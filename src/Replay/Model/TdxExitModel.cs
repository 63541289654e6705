using TraceLab.Store.Kvm;
using static TraceLab.Replay.Model.Companion;
using static TraceLab.Replay.Model.OutcomeBuilder;

namespace TraceLab.Replay.Model;

/// <summary>
/// KVM's TDX exit handling (spec §3–§8) as a pure function from what kvm_exit shows to the outcomes the kernel can
/// produce. The trace shows the exit reason after <c>tdx_to_vmx_exit_reason</c> (§3.2), so the hidden
/// <c>vp_enter_ret</c> status and the TDVMCALL registers (§14) become alternatives: each outcome is one value of the
/// hidden facts, and the episode's later events tell which one it was. Branches follow <c>tdx_handle_exit</c> (§3.4)
/// in order.
/// </summary>
public static class TdxExitModel
{
    private const string Handler = "tdx_handle_exit";

    /// <summary>The KVM_EXIT_INTERNAL_ERROR outcome of <c>unhandled_exit</c> (§3.4 rows 5 and 7).</summary>
    private static readonly Outcome s_internalError = Userspace("KVM_EXIT_INTERNAL_ERROR (unhandled exit)", UserspaceExitReasons.InternalError, "§3.4 rows 5, 7");

    public static ExitPrediction Predict(in ExitView exit, KernelProfile profile)
    {
        if (exit.Reason is not uint reason)
        {
            // A reason name no table knows: tdx_handle_exit's default branch.
            return new ExitPrediction
            {
                Outcomes = [s_internalError],
                Branch = $"{Handler}: unknown reason → unhandled_exit",
                Spec = "§3.4 row 7",
                MissingUserspaceRule = RuleIds.UnhandledReasonResumed,
            };
        }

        // §3.2: a non-success status that is not NON_RECOVERABLE_* becomes the invalid reason -1u; §3.3: KVM then
        // reports info1 = info2 = intr_info = 0 (error_code is always 0 for a TD).
        if (exit.IsInvalidReason)
        {
            return PredictInvalidReason(exit);
        }

        // §3.4 row 4: tdx_failed_vmentry() — bit 31 set and the reason is not -1u.
        if (exit.FailedVmentry)
        {
            return new ExitPrediction
            {
                Outcomes = [Userspace("KVM_EXIT_FAIL_ENTRY", UserspaceExitReasons.FailEntry, "§3.4 row 4") with { Finding = RuleIds.EntryFailure }],
                Branch = $"{Handler}: tdx_failed_vmentry() → KVM_EXIT_FAIL_ENTRY",
                Spec = "§3.4 row 4",
                MissingUserspaceRule = RuleIds.FailedEntryResumed,
            };
        }

        uint basic = reason & 0xFFFF;
        ExitPrediction prediction = basic switch
        {
            VmxExitReasons.TripleFault => Single("TRIPLE_FAULT → KVM_EXIT_SHUTDOWN", "§3.4 row 6a",
                Userspace("KVM_EXIT_SHUTDOWN", UserspaceExitReasons.Shutdown, "§3.4 row 6a")),
            VmxExitReasons.ExceptionNmi => PredictExceptionNmi(exit),
            VmxExitReasons.ExternalInterrupt => Single("EXTERNAL_INTERRUPT → return 1", "§3.4 row 6c", Resume("resume", "§3.4 row 6c")),
            VmxExitReasons.Cpuid => Single("CPUID (TDVMCALL) → tdx_emulate_cpuid", "§3.4 row 6d, §4.7",
                Resume("resume after kvm_cpuid", "§4.7", required: Of(Cpuid)) with { Leaf = TdvmcallLeaves.Cpuid }),
            VmxExitReasons.Hlt => Single("HLT (TDVMCALL) → kvm_emulate_halt_noskip", "§3.4 row 6e, §7",
                Resume("resume after halting", "§7", allowed: Of(HaltPollNs, VcpuWakeup)) with { Leaf = TdvmcallLeaves.Hlt }),
            VmxExitReasons.Tdcall => PredictTdcall(exit, profile),
            VmxExitReasons.Vmcall => PredictVmcall(),
            VmxExitReasons.IoInstruction => PredictIo(),
            VmxExitReasons.MsrRead => PredictMsr(read: true),
            VmxExitReasons.MsrWrite => PredictMsr(read: false),
            VmxExitReasons.EptMisconfig => PredictMmio(),
            VmxExitReasons.EptViolation => PredictEptViolation(),
            VmxExitReasons.OtherSmi => PredictOtherSmi(exit),
            _ => new ExitPrediction
            {
                Outcomes = [s_internalError],
                Branch = $"{Handler}: reason {basic} is not handled → unhandled_exit",
                Spec = "§3.4 row 7",
                MissingUserspaceRule = RuleIds.UnhandledReasonResumed,
            },
        };

        var findings = new List<(string, string)>();
        if (exit.BusLockPreempted && basic == VmxExitReasons.Tdcall)
        {
            findings.Add((RuleIds.BusLockMorph,
                "TDCALL with exit-reason bit 26: tdx_to_vmx_exit_reason switches on the full 32 bits, so a CPUID, HLT, IO, MSR or MMIO TDVMCALL was not morphed and handle_tdvmcall answers it SUBFUNC_UNSUPPORTED"));
        }

        // §3.3, §13: these reasons always come from a TDVMCALL, so info1 is the guest's GPR mask (RCX), not a VMX
        // exit qualification. R10 and R11 (leaf type and leaf) are always passed.
        if (basic is VmxExitReasons.Hlt or VmxExitReasons.Cpuid or VmxExitReasons.IoInstruction or VmxExitReasons.MsrRead or VmxExitReasons.MsrWrite
            && !TdvmcallGprMask.Looks(exit.Info1))
        {
            findings.Add((RuleIds.VmxStyleQualification,
                $"info1 0x{exit.Info1:x} is not a TDVMCALL GPR mask (bits 10 and 11 set, nothing above bit 15)"));
        }

        return findings.Count == 0 ? prediction : prediction with { ExitFindings = [.. findings] };
    }

    private static ExitPrediction PredictInvalidReason(in ExitView exit)
    {
        var findings = new List<(string, string)>();
        if (exit.Info1 != 0 || exit.Info2 != 0 || exit.IntrInfo != 0 || exit.ErrorCode != 0)
        {
            findings.Add((RuleIds.InvalidExitInfo,
                $"reason -1u with info1 0x{exit.Info1:x} info2 0x{exit.Info2:x} intr_info 0x{exit.IntrInfo:x} error_code 0x{exit.ErrorCode:x}; tdx_get_exit_info reports zeros"));
        }

        return new ExitPrediction
        {
            Outcomes =
            [
                // §3.1: tdx_exit_handlers_fastpath returns EXIT_HANDLED only for TDX_OPERAND_BUSY; row 1 returns 1.
                Resume("TDX_OPERAND_BUSY: retry", "§3.1, §3.4 row 1") with { Leaf = "OPERAND_BUSY retry" },

                // §3.4 row 5: any other -1u status has bit 63 (TDX_ERROR) set → unhandled_exit.
                s_internalError with { Name = "TDH.VP.ENTER error → KVM_EXIT_INTERNAL_ERROR", Finding = RuleIds.EnterFailed, Spec = "§3.2, §3.4 row 5" },
            ],
            Branch = $"{Handler}: reason -1u (TDH.VP.ENTER status not SUCCESS/NON_RECOVERABLE)",
            Spec = "§3.2, §3.4 rows 1 and 5",
            ExitFindings = [.. findings],
        };
    }

    private static ExitPrediction PredictExceptionNmi(in ExitView exit)
    {
        // §3.4 row 6b: an NMI (interruption type 2) or #MC (vector 18) is handled; any other vector (debug TDs
        // only) goes to userspace as KVM_EXIT_EXCEPTION.
        bool valid = (exit.IntrInfo & 0x8000_0000) != 0;
        ulong type = (exit.IntrInfo >> 8) & 7;
        ulong vector = exit.IntrInfo & 0xFF;
        if (!valid)
        {
            // An exception exit always has a valid interruption info: here the trace did not print it (the
            // libtraceevent kvm plugin prints only "info <info1> <info2>"), so the vector is unknown.
            return new ExitPrediction
            {
                Outcomes =
                [
                    Resume("NMI or #MC (intr_info not in the trace)", "§3.4 row 6b"),
                    Userspace("other vector, debug TD (intr_info not in the trace) → KVM_EXIT_EXCEPTION", UserspaceExitReasons.Exception, "§3.4 row 6b"),
                ],
                Branch = $"{Handler}: EXCEPTION_NMI, vector unknown",
                Spec = "§3.4 row 6b",
            };
        }

        if (type == 2 || vector == 18)
        {
            return Single($"EXCEPTION_NMI ({(type == 2 ? "NMI" : "#MC")}) → return 1", "§3.4 row 6b", Resume("resume", "§3.4 row 6b"))
                with { UnexpectedUserspaceRule = RuleIds.NmiToUserspace };
        }

        return Single("EXCEPTION_NMI (other vector, debug TD) → KVM_EXIT_EXCEPTION", "§3.4 row 6b",
            Userspace("KVM_EXIT_EXCEPTION", UserspaceExitReasons.Exception, "§3.4 row 6b"));
    }

    private static ExitPrediction PredictOtherSmi(in ExitView exit)
    {
        // §8: MSMI is bit 0 of the exit qualification (info1). A non-MSMI SMI returns with TDX_SUCCESS and
        // tdx_handle_exit resumes (row 6m); an MSMI returns NON_RECOVERABLE_TD_NON_ACCESSIBLE, caught by row 5.
        if ((exit.Info1 & 1) == 0)
        {
            return Single("OTHER_SMI (non-MSMI) → return 1", "§8, §3.4 row 6m", Resume("resume", "§3.4 row 6m"))
                with { UnexpectedUserspaceRule = RuleIds.OtherSmiToUserspace };
        }

        return Single("OTHER_SMI with MSMI → NON_RECOVERABLE → unhandled_exit", "§8, §3.4 row 5",
                s_internalError with { Name = "MSMI → KVM_EXIT_INTERNAL_ERROR", Spec = "§8" })
            with { MissingUserspaceRule = RuleIds.MsmiResumed };
    }

    private static ExitPrediction PredictTdcall(in ExitView exit, KernelProfile profile)
    {
        // §4: the leaf (R11) is not traced; each leaf's outcome is an alternative and the episode tells which (§14).
        // Every leaf may also be rejected (bad operands, unsupported) and resume at once.
        string notify = profile == KernelProfile.Linux616 ? "SetupEventNotify (6.16 final)" : "SetupEventNotify";
        return new ExitPrediction
        {
            Outcomes =
            [
                Userspace("MapGPA → KVM_EXIT_HYPERCALL (2 MiB chunks)", UserspaceExitReasons.Hypercall, "§4.1")
                    with { Chains = true, Leaf = TdvmcallLeaves.MapGpa },
                Userspace("ReportFatalError → KVM_EXIT_SYSTEM_EVENT", UserspaceExitReasons.SystemEvent, "§4.2")
                    with { Leaf = TdvmcallLeaves.ReportFatalError, Effect = OutcomeEffect.FatalReported },
                Userspace($"GetQuote / GetTdVmCallInfo(1) / {notify} → KVM_EXIT_TDX", UserspaceExitReasons.Tdx, "§4.3–§4.5")
                    with { Leaf = TdvmcallLeaves.ExitTdx },
                Resume("handled in kernel or rejected", "§4, §4.6") with { Leaf = TdvmcallLeaves.InKernel },
            ],
            Branch = $"{Handler}: TDCALL → handle_tdvmcall (leaf in R11, not traced)",
            Spec = "§3.4 row 6f, §4",
            UnexpectedUserspaceRule = RuleIds.WrongUserspaceReason,
        };
    }

    private static ExitPrediction PredictVmcall()
    {
        // §5: tdx_emulate_vmcall → ____kvm_emulate_hypercall traces kvm_hypercall for every nr; MAP_GPA_RANGE (12)
        // may exit to userspace.
        return new ExitPrediction
        {
            Outcomes =
            [
                Resume("resume after kvm_hypercall", "§5", required: Of(Hypercall)) with { Leaf = TdvmcallLeaves.KvmHypercall },
                Userspace("MAP_GPA_RANGE → KVM_EXIT_HYPERCALL", UserspaceExitReasons.Hypercall, "§5", required: Of(Hypercall))
                    with { Leaf = TdvmcallLeaves.KvmHypercall },
            ],
            Branch = $"{Handler}: VMCALL → tdx_emulate_vmcall",
            Spec = "§3.4 row 6g, §5",
        };
    }

    private static ExitPrediction PredictIo()
    {
        // §4.7 IO row: OUT traces kvm_pio write before deciding; IN to userspace traces kvm_pio read only at the next
        // KVM_RUN (tdx_complete_pio_in); bad size or direction → INVALID_OPERAND, nothing traced.
        return new ExitPrediction
        {
            Outcomes =
            [
                Resume("OUT to an in-kernel device", "§4.7", required: Of(PioWrite)) with { Leaf = TdvmcallLeaves.Io },
                Resume("IN from an in-kernel device", "§4.7", required: Of(PioRead)) with { Leaf = TdvmcallLeaves.Io },
                Resume("bad size or direction: INVALID_OPERAND", "§4.7") with { Leaf = TdvmcallLeaves.Io },
                Userspace("OUT → KVM_EXIT_IO", UserspaceExitReasons.Io, "§4.7", required: Of(PioWrite)) with { Leaf = TdvmcallLeaves.Io },
                Userspace("IN → KVM_EXIT_IO", UserspaceExitReasons.Io, "§4.7") with { PrefixRequired = Of(PioRead), PrefixAllowed = Of(PioRead), Leaf = TdvmcallLeaves.Io },
            ],
            Branch = $"{Handler}: IO_INSTRUCTION (TDVMCALL) → tdx_emulate_io",
            Spec = "§3.4 row 6h, §4.7",
        };
    }

    private static ExitPrediction PredictMsr(bool read)
    {
        Companion trace = read ? MsrRead : MsrWrite;
        int code = read ? UserspaceExitReasons.X86Rdmsr : UserspaceExitReasons.X86Wrmsr;
        string leaf = read ? TdvmcallLeaves.Rdmsr : TdvmcallLeaves.Wrmsr;
        return new ExitPrediction
        {
            Outcomes =
            [
                Resume("emulated in kernel (or #GP → INVALID_OPERAND)", "§4.7", required: Of(trace)) with { Leaf = leaf },
                Userspace(read ? "KVM_EXIT_X86_RDMSR" : "KVM_EXIT_X86_WRMSR", code, "§4.7") with { Leaf = leaf },
            ],
            Branch = $"{Handler}: {(read ? "MSR_READ → kvm_emulate_rdmsr" : "MSR_WRITE → kvm_emulate_wrmsr")}",
            Spec = read ? "§3.4 row 6i, §4.7" : "§3.4 row 6j, §4.7",
        };
    }

    private static ExitPrediction PredictMmio()
    {
        // §6.3 tdx_emulate_mmio: kvm_exit EPT_MISCONFIG is the morphed #VE.RequestMMIO (§3.2).
        return new ExitPrediction
        {
            Outcomes =
            [
                Resume("write on the fast-MMIO bus", "§6.3", required: Of(FastMmio)) with { Leaf = TdvmcallLeaves.Mmio },
                Resume("write to an in-kernel device", "§6.3", required: Of(MmioWrite)) with { Leaf = TdvmcallLeaves.Mmio },
                Resume("read from an in-kernel device", "§6.3", required: Of(MmioRead)) with { Leaf = TdvmcallLeaves.Mmio },
                Resume("invalid size/direction or private GPA: INVALID_OPERAND", "§6.3") with { Leaf = TdvmcallLeaves.Mmio },
                Userspace("write → KVM_EXIT_MMIO", UserspaceExitReasons.Mmio, "§6.3", required: Of(MmioWrite)) with { Leaf = TdvmcallLeaves.Mmio },
                Userspace("read → KVM_EXIT_MMIO", UserspaceExitReasons.Mmio, "§6.3", required: Of(MmioUnsatisfiedRead))
                    with { PrefixRequired = Of(MmioRead), PrefixAllowed = Of(MmioRead), Leaf = TdvmcallLeaves.Mmio },
            ],
            Branch = $"{Handler}: EPT_MISCONFIG (#VE.RequestMMIO) → tdx_emulate_mmio",
            Spec = "§3.4 row 6k, §6.3",
        };
    }

    private static ExitPrediction PredictEptViolation()
    {
        // §6.1: one kvm_page_fault per exit, except a pending (un-accepted) private page, which kills the VM first.
        return new ExitPrediction
        {
            Outcomes =
            [
                Resume("fault handled", "§6.1", required: Of(PageFault)),
                RunError("private/shared attribute mismatch → KVM_EXIT_MEMORY_FAULT (-EFAULT)", 14, "§6.1", required: Of(PageFault)),
                RunError("shared instruction fetch → KVM_BUG_ON (-EIO)", 5, "§6.1", required: Of(PageFault)) with { Effect = OutcomeEffect.VmUnusable },
                RunError("access before accept → kvm_vm_dead (-EIO)", 5, "§6.1") with { Effect = OutcomeEffect.VmUnusable },
            ],
            Branch = $"{Handler}: EPT_VIOLATION → tdx_handle_ept_violation",
            Spec = "§3.4 row 6l, §6.1",
        };
    }

    private static ExitPrediction Single(string branch, string spec, Outcome outcome) => new()
    {
        Outcomes = [outcome],
        Branch = $"{Handler}: {branch}",
        Spec = spec,
    };
}
