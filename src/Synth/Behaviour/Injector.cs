using TraceLab.Store.Kvm;
using TraceLab.Synth.Model;
using TraceLab.Synth.Sim;

namespace TraceLab.Synth.Behaviour;

/// <summary>
/// Writes the injected episodes of <see cref="SynthOptions.Inject"/>: each one departs from spec §12 in exactly one
/// place (the signature of its rule in docs/rules.md and spec §13) and is otherwise an ordinary episode, so replay
/// reports it once. The event replay reports is marked for the truth (<see cref="InjectRole"/>). Every episode is
/// self-contained: it starts at an exit decision and ends at the guest's next entry (or the vCPU's end), so kinds can
/// follow each other in any order.
/// </summary>
internal static class Injector
{
    private const ulong TdPrivateGpa = 0x1_8000_0000UL;

    public static void Execute(VcpuActor vcpu, Simulation sim, DivergenceKind kind, long t)
    {
        Rng rng = sim.Rng;
        bool td = sim.IsTdx;
        ulong k = vcpu.Vm.KernelBase;

        // A TD's RIP is printed as 0 (§3.3); a VMX guest's is somewhere in its kernel text.
        ulong rip = td ? 0 : k + 0x2a_0000UL + ((ulong)rng.Below(0x1_0000) << 2);
        ulong next = td ? 0 : rip + 2;

        // TDVMCALL-derived reasons carry the GPR mask in info1 (§3.3); a VMX exit its qualification (0 here).
        ulong mask = td ? sim.Options.TdxGprMask : 0;
        switch (kind)
        {
            case DivergenceKind.UnexpectedUserspace:
                // §3.4 row 6c / §11: EXTERNAL_INTERRUPT returns 1, yet KVM_RUN returned KVM_EXIT_IO.
                vcpu.Exit(t, VmxExitReasons.ExternalInterrupt, rip, 0, 0, 0x8000_00ec);
                vcpu.SetResumeRip(rip);
                ToUserspace(vcpu, sim, t + Latencies.ExternalInterrupt.Sample(rng), UserspaceExitReasons.Io, kind);
                break;
            case DivergenceKind.MissingUserspace:
                // §3.4 row 6a / §11: TRIPLE_FAULT is always KVM_EXIT_SHUTDOWN, yet the guest is entered.
                vcpu.Exit(t, VmxExitReasons.TripleFault, rip, 0, 0, 0);
                EnterMarked(vcpu, sim, t + Latencies.Short.Sample(rng), rip, kind);
                break;
            case DivergenceKind.WrongUserspaceReason:
                // §4.7 / §11: MSR_READ resumes or goes out as KVM_EXIT_X86_RDMSR, never KVM_EXIT_MMIO.
                vcpu.Exit(t, VmxExitReasons.MsrRead, rip, mask, 0, 0);
                vcpu.SetResumeRip(next);
                ToUserspace(vcpu, sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.Mmio, kind);
                break;
            case DivergenceKind.HandlerMismatch:
            {
                // §12, §13: CPUID traces kvm_cpuid; a kvm_pio in its episode belongs to another handler.
                vcpu.Exit(t, VmxExitReasons.Cpuid, rip, mask, 0, 0);
                long c = t + sim.Gap(150, 400);
                vcpu.Cpuid(c, new CpuidLeaf(0x1, 0, 0x806f8, 0x800, 0xfffa3223, 0x1f8bfbff, true));
                long p = c + sim.Gap(150, 400);
                vcpu.Pio(p, write: true, 0x80, 1, (ulong)rng.Below(256));
                vcpu.MarkLast(kind, InjectRole.Offending);
                vcpu.EnterGuest(sim, p + sim.Gap(300, 900), next);
                vcpu.MarkLast(kind, InjectRole.Decides);
                break;
            }

            case DivergenceKind.MissingCompanion:
            {
                // §12: MSR_WRITE handled in the kernel always traces kvm_msr; here it is missing.
                vcpu.Exit(t, VmxExitReasons.MsrWrite, rip, mask, 0, 0);
                EnterMarked(vcpu, sim, t + Latencies.Msr.Sample(rng), next, kind);
                break;
            }

            case DivergenceKind.ConsecutiveExits:
                // §1.4, §3.1: the kvm_entry of this exit is lost; replay sees the next kvm_exit first.
                vcpu.Exit(t, VmxExitReasons.ExternalInterrupt, rip, 0, 0, 0x8000_00ec);
                vcpu.MarkLast(kind, InjectRole.NextExit);
                vcpu.ContinueWithoutEntry(sim, t + Latencies.ExternalInterrupt.Sample(rng));
                break;
            case DivergenceKind.OtherSmiToUserspace:
                // §8: a non-MSMI OTHER_SMI is resumed since 6c441e4d6e72; here it went to unhandled_exit.
                vcpu.Exit(t, VmxExitReasons.OtherSmi, 0, 0, 0, 0);
                ToUserspace(vcpu, sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.InternalError, kind);
                break;
            case DivergenceKind.MsmiResumed:
                // §8: an MSMI (info1 bit 0) is NON_RECOVERABLE → KVM_EXIT_INTERNAL_ERROR; here it was resumed.
                vcpu.Exit(t, VmxExitReasons.OtherSmi, 0, 1, 0, 0);
                EnterMarked(vcpu, sim, t + Latencies.Short.Sample(rng), 0, kind);
                break;
            case DivergenceKind.NmiToUserspace:
                // §3.4 row 6b: an NMI (type 2, vector 2) is handled and resumed; here it went out as KVM_EXIT_EXCEPTION.
                vcpu.Exit(t, VmxExitReasons.ExceptionNmi, 0, 0, 0, 0x8000_0202);
                ToUserspace(vcpu, sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.Exception, kind);
                break;
            case DivergenceKind.UserspaceWithoutExit:
                UserspaceWithoutExit(vcpu, sim, t);
                break;
            case DivergenceKind.EnterFailed:
                // §3.2, §3.4 row 5: TDH.VP.ENTER failed with a status other than OPERAND_BUSY → -1u → INTERNAL_ERROR.
                vcpu.Exit(t, VmxExitReasons.TdxInvalid, 0, 0, 0, 0);
                ToUserspace(vcpu, sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.InternalError, kind);
                break;
            case DivergenceKind.OperandBusyStorm:
                BusyStorm(vcpu, sim, t);
                break;
            case DivergenceKind.EntryFailure:
                // §3.4 row 4: a failed TD entry, correctly answered with KVM_EXIT_FAIL_ENTRY (a warning).
                vcpu.Exit(t, VmxExitReasons.FailedVmentryFlag | VmxExitReasons.InvalidState, 0, 0, 0, 0);
                ToUserspace(vcpu, sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.FailEntry, kind);
                break;
            case DivergenceKind.FailedEntryResumed:
            case DivergenceKind.VmxFailedEntryResumed:
                // §3.4 row 4 / §11: a failed entry must end in KVM_EXIT_FAIL_ENTRY; here the guest is entered.
                vcpu.Exit(t, VmxExitReasons.FailedVmentryFlag | VmxExitReasons.InvalidState, rip, 0, 0, 0);
                EnterMarked(vcpu, sim, t + Latencies.Short.Sample(rng), rip, kind);
                break;
            case DivergenceKind.BusLockMorph:
                // §3.2, §13: a TDCALL preempted by a bus lock keeps bit 26; handle_tdvmcall answered it in the kernel.
                vcpu.Exit(t, VmxExitReasons.Tdcall | VmxExitReasons.BusLockDetectedFlag, 0, mask, 0, 0);
                vcpu.MarkLast(kind, InjectRole.Both);
                vcpu.EnterGuest(sim, t + Latencies.Short.Sample(rng), 0);
                break;
            case DivergenceKind.Injection:
            {
                // §7: KVM cannot inject into a TD, yet kvm_inj_virq is traced before the entry.
                vcpu.Exit(t, VmxExitReasons.ExternalInterrupt, 0, 0, 0, 0x8000_00ec);
                long i = t + Latencies.ExternalInterrupt.Sample(rng);
                vcpu.InjVirq(i, 0xec);
                vcpu.MarkLast(kind, InjectRole.Both);
                vcpu.EnterGuest(sim, i + sim.Gap(150, 500), 0);
                break;
            }

            case DivergenceKind.Emulation:
            {
                // §6.3, §14: a TD's instructions are never emulated, yet kvm_emulate_insn follows a private fault.
                vcpu.Exit(t, VmxExitReasons.EptViolation, 0, 0x182, 0, 0);
                long f = t + sim.Gap(300, 900);
                vcpu.PageFault(f, 0, TdPrivateGpa + ((ulong)rng.Below(0x1_0000) << 12), 0x2);
                long e = f + sim.Gap(200, 600);
                vcpu.EmulateInsn(e, 0, new Instruction(2, 0x3889));
                vcpu.MarkLast(kind, InjectRole.Both);
                vcpu.EnterGuest(sim, e + sim.Gap(300, 900), 0);
                break;
            }

            case DivergenceKind.EntryInjection:
                // §3.1: a TD's kvm_entry always shows intr_info 0 (vt_get_entry_info); here it shows a vector.
                vcpu.Exit(t, VmxExitReasons.ExternalInterrupt, 0, 0, 0, 0x8000_00ec);
                vcpu.EnterGuestShowing(sim, t + Latencies.ExternalInterrupt.Sample(rng), 0, 0x8000_00ec);
                vcpu.MarkLast(kind, InjectRole.Both);
                break;
            case DivergenceKind.InvalidExitInfo:
                // §3.3: the -1u reason reports zero info fields; here info1 is not zero. Retried (resumed) like OPERAND_BUSY.
                vcpu.Exit(t, VmxExitReasons.TdxInvalid, 0, 0x8000_0000_0000_0200UL, 0, 0);
                vcpu.MarkLast(kind, InjectRole.Both);
                vcpu.EnterGuest(sim, t + sim.Gap(300, 1_500), 0);
                break;
            case DivergenceKind.ExitTdxWithoutTdcall:
                // §4.3–§4.5: only TDCALL's GetQuote/GetTdVmCallInfo/SetupEventNotify produce KVM_EXIT_TDX.
                vcpu.Exit(t, VmxExitReasons.EptMisconfig, 0, mask, 0, 0);
                ToUserspace(vcpu, sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.Tdx, kind);
                break;
            case DivergenceKind.FatalResumed:
                // §4.2: ReportFatalError → KVM_EXIT_SYSTEM_EVENT; userspace runs the dead TD again anyway.
                vcpu.Exit(t, VmxExitReasons.Tdcall, 0, mask, 0, 0);
                vcpu.ExitToUserspace(sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.SystemEvent, 0, RunPrefix.None, Latencies.UserspaceSignal);
                vcpu.MarkNext(SynthEventKind.Entry, kind);
                break;
            case DivergenceKind.SharedFetchResumed:
            {
                // §6.1: an instruction fetch from a shared GPA is KVM_BUG_ON (-EIO); here the guest is entered.
                vcpu.Exit(t, VmxExitReasons.EptViolation, 0, 0x184, 0, 0);
                long f = t + sim.Gap(300, 900);
                ulong gpa = (1UL << sim.Options.TdxSharedBit) | (0x7c00_0000UL + ((ulong)rng.Below(16_384) << 12));
                vcpu.PageFault(f, 0, gpa, 0x184);
                EnterMarked(vcpu, sim, f + sim.Gap(300, 900), 0, kind);
                break;
            }

            case DivergenceKind.PrivateFaultCode:
            {
                // §6.1: KVM rewrites every private fault to ACC_WRITE (0x2); here the raw qualification shows.
                vcpu.Exit(t, VmxExitReasons.EptViolation, 0, 0x182, 0, 0);
                long f = t + sim.Gap(300, 900);
                vcpu.PageFault(f, 0, TdPrivateGpa + ((ulong)rng.Below(0x1_0000) << 12), 0x182);
                vcpu.MarkLast(kind, InjectRole.Both);
                vcpu.EnterGuest(sim, f + sim.Gap(300, 900), 0);
                break;
            }

            case DivergenceKind.VmxStyleQualification:
                // §3.3: a TD's HLT comes from a TDVMCALL and carries the GPR mask; here info1 is a VMX qualification.
                vcpu.Exit(t, VmxExitReasons.Hlt, 0, 0, 0, 0);
                vcpu.MarkLast(kind, InjectRole.Both);
                vcpu.EnterGuest(sim, t + Latencies.Short.Sample(rng), 0);
                break;
            case DivergenceKind.MapGpaBadReturn:
                // §4.1 (6.18): userspace completed MapGPA with a bad hypercall.ret; the next KVM_RUN fails with EINVAL.
                vcpu.Exit(t, VmxExitReasons.Tdcall, 0, mask, 0, 0);
                vcpu.SetRunErrorPrefix(UserspaceExitReasons.Hypercall, 22);
                vcpu.ExitToUserspace(sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.Hypercall, 0, RunPrefix.RunError, Latencies.UserspaceMapGpa);
                vcpu.MarkNext(SynthEventKind.UserspaceExit, kind);
                break;
            case DivergenceKind.UnhandledReasonResumed:
                // §3.4 row 7: TASK_SWITCH is not in tdx_handle_exit's table → unhandled_exit; here it was resumed.
                vcpu.Exit(t, VmxExitReasons.TaskSwitch, 0, 0, 0, 0);
                EnterMarked(vcpu, sim, t + Latencies.Short.Sample(rng), 0, kind);
                break;
            case DivergenceKind.VmxTdcallInternalError:
                // §11: TDCALL from a VMX guest ends in KVM_EXIT_INTERNAL_ERROR before the October 2025 fix (#UD since).
                vcpu.Exit(t, VmxExitReasons.Tdcall, rip, 0, 0, 0);
                vcpu.SetResumeRip(rip);
                ToUserspace(vcpu, sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.InternalError, kind);
                break;
            default:
                throw new InvalidOperationException("not an injectable divergence: " + kind);
        }
    }

    /// <summary>F- then kvm_userspace_exit with <paramref name="reason"/>, marked; the next KVM_RUN enters normally.</summary>
    private static void ToUserspace(VcpuActor vcpu, Simulation sim, long t, int reason, DivergenceKind kind)
    {
        vcpu.ExitToUserspace(sim, t, (uint)reason, 0, RunPrefix.None, Latencies.UserspaceSignal);
        vcpu.MarkLast(kind, InjectRole.Both);
    }

    /// <summary>Resumes the guest; the kvm_entry is where replay reports.</summary>
    private static void EnterMarked(VcpuActor vcpu, Simulation sim, long t, ulong rip, DivergenceKind kind)
    {
        vcpu.EnterGuest(sim, t, rip);
        vcpu.MarkLast(kind, InjectRole.Both);
    }

    /// <summary>
    /// §3.4 rows 2–3: TDH.VP.ENTER failed with a SEAMCALL software error, so KVM_RUN ends with KVM_EXIT_INTERNAL_ERROR
    /// after the entry, with no kvm_exit, and KVM marks the VM bugged. QEMU gives up on the VM: this vCPU ends here and
    /// the others are kicked out. The userspace exit is written after every event the siblings already queued, so no
    /// kvm_entry of the VM follows it (that would be tdx.unusable-vm-entered).
    /// </summary>
    private static void UserspaceWithoutExit(VcpuActor vcpu, Simulation sim, long t)
    {
        long after = t;
        foreach (VcpuActor sibling in vcpu.Vm.Vcpus)
        {
            if (sibling != vcpu && sibling.Queue.Count > 0)
            {
                after = Math.Max(after, sibling.Queue.TailTime + 1);
            }
        }

        vcpu.Fpu(after, load: false);
        long u = after + sim.Gap(200, 900);
        vcpu.UserspaceExit(u, UserspaceExitReasons.InternalError, 0);
        vcpu.MarkLast(DivergenceKind.UserspaceWithoutExit, InjectRole.Both);
        vcpu.Die();
        sim.StopVm(vcpu.Vm, u);
    }

    /// <summary>
    /// §3.1, §13: TDH.VP.ENTER keeps returning TDX_OPERAND_BUSY (-1u, resumed) 100–139 times in a row. The storm ends
    /// with an EXTERNAL_INTERRUPT exit so no natural retry lengthens it; the truth takes its last retry from the text.
    /// </summary>
    private static void BusyStorm(VcpuActor vcpu, Simulation sim, long t)
    {
        if (vcpu.StormLeft <= 0)
        {
            vcpu.StormLeft = 100 + sim.Rng.Below(40);
        }

        vcpu.Exit(t, VmxExitReasons.TdxInvalid, 0, 0, 0, 0);
        vcpu.StormLeft--;
        vcpu.Force(vcpu.StormLeft > 0 ? Scenario.Injected : Scenario.ExternalInterrupt);
        vcpu.EnterGuest(sim, t + sim.Gap(300, 1_500), 0);
    }
}
