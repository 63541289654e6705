using TraceLab.Store.Kvm;
using TraceLab.Synth.Sim;

namespace TraceLab.Synth.Behaviour;

/// <summary>
/// TD exits, following spec §12 row by row. Every TDVMCALL-derived exit (HLT, IO_INSTRUCTION, CPUID, MSR_*,
/// EPT_MISCONFIG, TDCALL) carries the GPR mask in info1 (spec §2.4, §3.3); async exits carry their qualification.
/// RIP is printed as 0 (KVM's stale cache for a protected guest, spec §3.3/§15.2). No kvm_inj_*/kvm_emulate_insn ever.
/// </summary>
internal sealed class TdxBehaviour : ExitBehaviour
{
    public override void Execute(VcpuActor vcpu, Simulation sim, Scenario scenario, long t)
    {
        Rng rng = sim.Rng;
        ulong mask = sim.Options.TdxGprMask;
        switch (scenario)
        {
            case Scenario.Hlt:
                // §12 HLT: [kvm_halt_poll_ns] kvm_vcpu_wakeup → E; no wakeup when an event is already pending.
                vcpu.Exit(t, VmxExitReasons.Hlt, 0, mask, 0, 0);
                if (rng.Chance(50_000))
                {
                    vcpu.EnterGuest(sim, t + Latencies.Short.Sample(rng), 0);
                }
                else
                {
                    vcpu.BeginHalt(sim, t, 0);
                }

                break;
            case Scenario.MsrWriteTscDeadline:
                WriteTscDeadline(vcpu, sim, t, mask);
                break;
            case Scenario.MsrWriteIcr:
                SendIpi(vcpu, sim, t, mask);
                break;
            case Scenario.MsrRead:
            {
                // §4.7: a failing read prints " (#GP)" and the TD gets INVALID_OPERAND (TDX cannot inject #GP).
                vcpu.Exit(t, VmxExitReasons.MsrRead, 0, mask, 0, 0);
                var (ecx, value, fault) = MsrRead(vcpu, rng);
                long m = t + sim.Gap(150, 400);
                vcpu.Msr(m, write: false, ecx, value, fault);
                vcpu.EnterGuest(sim, EntryAfter(sim, t, m, Latencies.Msr), 0);
                break;
            }

            case Scenario.Cpuid:
                vcpu.Exit(t, VmxExitReasons.Cpuid, 0, mask, 0, 0);
                long c = t + sim.Gap(150, 400);
                vcpu.Cpuid(c, Leaf(rng));
                vcpu.EnterGuest(sim, EntryAfter(sim, t, c, Latencies.Cpuid), 0);
                break;
            case Scenario.EptViolation:
                PrivateEptViolation(vcpu, sim, t);
                break;
            case Scenario.EptViolationShared:
            {
                // Shared memory (swiotlb bounce buffers): error_code is the real qualification, address has the shared bit.
                ulong qual = rng.Below(2) == 0 ? 0x181UL : 0x182UL;
                ulong gpa = SharedBit(sim) | (0x7c00_0000UL + ((ulong)rng.Below(16_384) << 12));
                vcpu.Exit(t, VmxExitReasons.EptViolation, 0, qual, 0, 0);
                long f = t + sim.Gap(300, 900);
                vcpu.PageFault(f, 0, gpa, qual);
                vcpu.EnterGuest(sim, EntryAfter(sim, t, f, Latencies.EptTdx), 0);
                break;
            }

            case Scenario.MmioFastWrite:
            case Scenario.MmioUserWrite:
            case Scenario.MmioUserRead:
                Mmio(vcpu, sim, scenario, t, mask);
                break;
            case Scenario.IoOutUser:
            {
                // §12: OUT to userspace → kvm_pio write, F- U(KVM_EXIT_IO), next RUN F+ E.
                var (port, size, value) = UserOut(rng);
                vcpu.Exit(t, VmxExitReasons.IoInstruction, 0, mask, 0, 0);
                long p = t + sim.Gap(300, 900);
                vcpu.Pio(p, write: true, port, size, value);
                vcpu.ExitToUserspace(sim, p + sim.Gap(300, 900), UserspaceExitReasons.Io, 0, RunPrefix.None, Latencies.UserspaceIo);
                break;
            }

            case Scenario.IoInUser:
            {
                // §12: IN from userspace → no kvm_pio yet; the next RUN's completion prints kvm_pio read before E.
                var (port, size, value) = UserIn(rng);
                vcpu.Exit(t, VmxExitReasons.IoInstruction, 0, mask, 0, 0);
                vcpu.SetPioReadPrefix(port, size, value);
                vcpu.ExitToUserspace(sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.Io, 0, RunPrefix.PioRead, Latencies.UserspaceIo);
                break;
            }

            case Scenario.MapGpa:
                MapGpa(vcpu, sim, t, mask);
                break;
            case Scenario.GetQuote:
                // §4.4: GetQuote on a shared GPA → KVM_EXIT_TDX, printed "0x28 (40)" (6.18's symbol list stops at 30).
                vcpu.Exit(t, VmxExitReasons.Tdcall, 0, mask, 0, 0);
                vcpu.ExitToUserspace(sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.Tdx, 0, RunPrefix.None, Latencies.UserspaceQuote);
                break;
            case Scenario.TdcallInKernel:
                // §4.3/§4.6: GetTdVmCallInfo(R12=0) or an unknown leaf is answered in the kernel → E.
                vcpu.Exit(t, VmxExitReasons.Tdcall, 0, mask, 0, 0);
                vcpu.EnterGuest(sim, t + Latencies.Short.Sample(rng), 0);
                break;
            case Scenario.OtherSmi:
                // §8: non-MSMI OTHER_SMI (info1 bit 0 clear) is not in the kernel's table → "reason 0x6", and resumes.
                vcpu.Exit(t, VmxExitReasons.OtherSmi, 0, 0, 0, 0);
                vcpu.EnterGuest(sim, t + Latencies.Short.Sample(rng), 0);
                break;
            case Scenario.OperandBusy:
                // §3.1/§3.3: TDX_OPERAND_BUSY → exit reason -1u with all info zero, fastpath EXIT_HANDLED → E directly.
                vcpu.Exit(t, VmxExitReasons.TdxInvalid, 0, 0, 0, 0);
                if (rng.Chance(300_000))
                {
                    vcpu.Force(Scenario.OperandBusy);
                }

                vcpu.EnterGuest(sim, t + sim.Gap(300, 1_500), 0);
                break;
            case Scenario.SignalKick:
                // A signal for the vCPU thread: the kick IPI exits the TD, KVM_RUN returns -EINTR (§7, §12 preamble).
                vcpu.Exit(t, VmxExitReasons.ExternalInterrupt, 0, 0, 0, 0x8000_00fd);
                vcpu.ExitToUserspace(sim, t + Latencies.ExternalInterrupt.Sample(rng), UserspaceExitReasons.Intr, 4, RunPrefix.None, Latencies.UserspaceSignal);
                break;
            case Scenario.ReportFatalError:
                // §4.2: KVM_EXIT_SYSTEM_EVENT (TDX_FATAL); the VMM tears the VM down, nobody re-enters.
                vcpu.Exit(t, VmxExitReasons.Tdcall, 0, mask, 0, 0);
                vcpu.ExitToUserspace(sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.SystemEvent, 0, RunPrefix.None, Latencies.UserspaceSignal);
                vcpu.Die();
                sim.StopVm(vcpu.Vm, t);
                break;
            default:
                // EXTERNAL_INTERRUPT, a host kick, and any VMX-only scenario: async interrupt exit → E.
                uint vector = scenario == Scenario.HostKick ? 0xfd : HostVector(rng);
                vcpu.Exit(t, VmxExitReasons.ExternalInterrupt, 0, 0, 0, 0x8000_0000u | vector);
                vcpu.EnterGuest(sim, t + Latencies.ExternalInterrupt.Sample(rng), 0);
                break;
        }
    }

    private static ulong SharedBit(Simulation sim) => 1UL << sim.Options.TdxSharedBit;

    private static void WriteTscDeadline(VcpuActor vcpu, Simulation sim, long t, ulong mask)
    {
        vcpu.Exit(t, VmxExitReasons.MsrWrite, 0, mask, 0, 0);
        long deadline = t + Latencies.TscDeadline.Sample(sim.Rng);
        vcpu.TimerDeadline = deadline;
        long m = t + sim.Gap(150, 400);
        vcpu.Msr(m, write: true, 0x6e0, sim.Clock.Tsc(deadline), exception: false);
        vcpu.EnterGuest(sim, EntryAfter(sim, t, m, Latencies.Msr), 0);
    }

    // x2APIC ICR write (§4.7: ICR is an emulated x2APIC MSR for TDs): kvm_msr, then __apic_accept_irq in the sender's
    // context (kvm_apic_accept_irq, then kvm_apicv_accept_irq from tdx_deliver_interrupt, §7) with apicid = target.
    private static void SendIpi(VcpuActor vcpu, Simulation sim, long t, ulong mask)
    {
        VcpuActor? target = IpiTarget(vcpu, sim);
        if (target is null)
        {
            WriteTscDeadline(vcpu, sim, t, mask);
            return;
        }

        int vector = sim.Rng.Below(3) == 0 ? 0xfb : 0xfd;
        vcpu.Exit(t, VmxExitReasons.MsrWrite, 0, mask, 0, 0);
        long m = t + sim.Gap(150, 400);
        vcpu.Msr(m, write: true, 0x830, ((ulong)(uint)target.VcpuId << 32) | (uint)vector, exception: false);
        long a = m + sim.Gap(200, 600);
        vcpu.Accept(a, apicv: false, target.VcpuId, vector);
        long b = a + sim.Gap(150, 400);
        vcpu.Accept(b, apicv: true, target.VcpuId, vector);
        target.Deliver(sim, b, vector);
        vcpu.EnterGuest(sim, b + sim.Gap(300, 900), 0);
    }

    // §6.1: private faults always print error_code 0x2 (KVM rewrites them to ACC_WRITE); boot-time page acceptance
    // comes in bursts on consecutive pages.
    private static void PrivateEptViolation(VcpuActor vcpu, Simulation sim, long t)
    {
        Rng rng = sim.Rng;
        ulong gpa = vcpu.Vm.NextPrivateGpa;
        vcpu.Vm.NextPrivateGpa = gpa + 0x1000 >= 0x2_0000_0000UL ? 0x1_0000_0000UL : gpa + 0x1000;
        ulong qual = rng.Below(3) switch
        {
            0 => 0x181UL,
            1 => 0x182UL,
            _ => 0x184UL,
        };
        vcpu.Exit(t, VmxExitReasons.EptViolation, 0, qual, 0, 0);
        long f = t + sim.Gap(300, 900);
        vcpu.PageFault(f, 0, gpa, 0x2);
        if (vcpu.EptBurst > 0)
        {
            vcpu.EptBurst--;
        }
        else if (rng.Chance(100_000))
        {
            vcpu.EptBurst = (int)rng.Between(2, 16);
        }

        if (vcpu.EptBurst > 0)
        {
            vcpu.Force(Scenario.EptViolation);
        }

        vcpu.EnterGuest(sim, EntryAfter(sim, t, f, Latencies.EptTdx), 0);
    }

    // §6.3 / §12: the first access to an emulated-MMIO page is an EPT violation on the shared GPA (kvm_page_fault, no
    // kvm_emulate_insn) → E; the guest then retries, takes #VE and asks via TDVMCALL<#VE.RequestMMIO> → EPT_MISCONFIG.
    private static void Mmio(VcpuActor vcpu, Simulation sim, Scenario scenario, long t, ulong mask)
    {
        Rng rng = sim.Rng;
        MmioAccess access = MmioFor(vcpu, sim, scenario);
        bool write = scenario != Scenario.MmioUserRead;
        if (!access.Page!.Touched)
        {
            ulong qual = write ? 0x182UL : 0x181UL;
            vcpu.Exit(t, VmxExitReasons.EptViolation, 0, qual, 0, 0);
            long f = t + sim.Gap(300, 900);
            vcpu.PageFault(f, 0, SharedBit(sim) | access.Gpa, qual);
            access.Page.Touched = true;
            vcpu.PendingMmio = access;
            vcpu.Force(scenario);
            vcpu.EnterGuest(sim, EntryAfter(sim, t, f, Latencies.EptFirstTouch), 0);
            return;
        }

        vcpu.Exit(t, VmxExitReasons.EptMisconfig, 0, mask, 0, 0);
        long m = t + sim.Gap(300, 900);
        switch (scenario)
        {
            case Scenario.MmioFastWrite:
                vcpu.FastMmio(m, access.Gpa);
                vcpu.EnterGuest(sim, EntryAfter(sim, t, m, Latencies.FastMmio), 0);
                break;
            case Scenario.MmioUserWrite:
                vcpu.Mmio(m, 2, access.Length, access.Gpa, access.Value);
                vcpu.ExitToUserspace(sim, m + sim.Gap(300, 900), UserspaceExitReasons.Mmio, 0, RunPrefix.None, Latencies.UserspaceMmio);
                break;
            default:
                vcpu.Mmio(m, 0, access.Length, access.Gpa, 0);
                vcpu.SetMmioReadPrefix(access.Gpa, access.Length, access.Value);
                vcpu.ExitToUserspace(sim, m + sim.Gap(300, 900), UserspaceExitReasons.Mmio, 0, RunPrefix.MmioRead, Latencies.UserspaceMmio);
                break;
        }
    }

    // §4.1: MapGPA → KVM_EXIT_HYPERCALL per 2 MiB chunk; no kvm_hypercall tracepoint for it.
    private static void MapGpa(VcpuActor vcpu, Simulation sim, long t, ulong mask)
    {
        Rng rng = sim.Rng;
        int chunks = vcpu.MapGpaChunks;
        vcpu.MapGpaChunks = 0;
        if (chunks <= 0)
        {
            int pick = rng.Below(100);
            chunks = pick < 70 ? 1 : pick < 90 ? (int)rng.Between(2, 4) : (int)rng.Between(5, 32);
        }

        vcpu.Exit(t, VmxExitReasons.Tdcall, 0, mask, 0, 0);
        vcpu.SetMapGpaPrefix(chunks - 1);
        vcpu.ExitToUserspace(sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.Hypercall, 0, RunPrefix.MapGpa, Latencies.UserspaceMapGpa);
    }
}
