using TraceLab.Store.Kvm;
using TraceLab.Synth.Sim;

namespace TraceLab.Synth.Behaviour;

/// <summary>
/// Ordinary VMX guest exits (spec §11): info1 is the exit qualification, intr_info the VM-exit interruption info;
/// instruction exits resume after the instruction, faults and interrupts at the same RIP. Interrupts are injected
/// with kvm_inj_virq before the entry (no APICv), MMIO is emulated (kvm_emulate_insn + kvm_mmio), the preemption
/// timer can take the fastpath (exit directly followed by entry).
/// </summary>
internal sealed class VmxBehaviour : ExitBehaviour
{
    private static readonly Instruction s_store32 = new(2, 0x3889);          // 89 38       mov %edi,(%rax)
    private static readonly Instruction s_store16 = new(3, 0x10_8966);       // 66 89 10    mov %dx,(%rax)
    private static readonly Instruction s_load32 = new(2, 0x008b);           // 8b 00       mov (%rax),%eax
    private static readonly Instruction s_load8 = new(3, 0x00_b60f);         // 0f b6 00    movzbl (%rax),%eax
    private static readonly Instruction s_apicEoi = new(7, 0xff_5fc0_b025_3c89); // 89 3c 25 b0 c0 5f ff  mov %edi,0xffffffffff5fc0b0

    public override void Execute(VcpuActor vcpu, Simulation sim, Scenario scenario, long t)
    {
        Rng rng = sim.Rng;
        ulong k = vcpu.Vm.KernelBase;
        if (sim.Options.Generation == KernelGeneration.V2_6 && !ExistsOn26(scenario))
        {
            scenario = Scenario.ExternalInterrupt;
        }

        switch (scenario)
        {
            case Scenario.Hlt:
                vcpu.Exit(t, VmxExitReasons.Hlt, k + 0x1b_2e2f, 0, 0, 0);
                vcpu.BeginHalt(sim, t, k + 0x1b_2e30);
                break;
            case Scenario.MsrWriteTscDeadline:
                WriteTscDeadline(vcpu, sim, t, k);
                break;
            case Scenario.MsrWriteIcr:
                SendIpi(vcpu, sim, t, k);
                break;
            case Scenario.MsrRead:
            {
                var (ecx, value, _) = MsrRead(vcpu, rng);
                vcpu.Exit(t, VmxExitReasons.MsrRead, k + 0x0b_b4f0, 0, 0, 0);
                long m = t + sim.Gap(150, 400);
                vcpu.Msr(m, write: false, ecx, value, exception: false);
                vcpu.EnterGuest(sim, EntryAfter(sim, t, m, Latencies.Msr), k + 0x0b_b4f2);
                break;
            }

            case Scenario.Cpuid:
                vcpu.Exit(t, VmxExitReasons.Cpuid, k + 0x03_a1c2, 0, 0, 0);
                long c = t + sim.Gap(150, 400);
                vcpu.Cpuid(c, Leaf(rng));
                vcpu.EnterGuest(sim, EntryAfter(sim, t, c, Latencies.Cpuid), k + 0x03_a1c4);
                break;
            case Scenario.EptViolation:
            {
                ulong rip = AsyncRip(k, rng);
                ulong qual = rng.Below(6) switch
                {
                    0 => 0x181UL,
                    1 => 0x182UL,
                    2 => 0x184UL,
                    3 => 0x582UL,
                    4 => 0x583UL,
                    _ => 0xd82UL,
                };
                ulong gpa = 0x10_0000UL + ((ulong)rng.Below(2_000_000) << 12) + (ulong)(rng.Below(512) * 8);
                vcpu.Exit(t, VmxExitReasons.EptViolation, rip, qual, 0, 0);
                long f = t + sim.Gap(300, 900);
                vcpu.PageFault(f, rip, gpa, qual);
                vcpu.EnterGuest(sim, EntryAfter(sim, t, f, Latencies.EptVmx), rip);
                break;
            }

            case Scenario.MmioFastWrite:
            case Scenario.MmioUserWrite:
            case Scenario.MmioUserRead:
                Mmio(vcpu, sim, scenario, t, k);
                break;
            case Scenario.ApicAccess:
            {
                // xAPIC EOI write trapped as APIC_ACCESS (qualification: linear write at offset 0xb0), emulated.
                ulong rip = k + 0x0d_b918;
                vcpu.Exit(t, VmxExitReasons.ApicAccess, rip, 0x10b0, 0, 0);
                long e = t + sim.Gap(300, 900);
                vcpu.EmulateInsn(e, rip, s_apicEoi);
                long w = e + sim.Gap(200, 600);
                vcpu.Mmio(w, 2, 4, 0xfee0_00b0, 0);
                vcpu.EnterGuest(sim, EntryAfter(sim, t, w, Latencies.EmulatedMmio), rip + 7);
                break;
            }

            case Scenario.IoOutUser:
            {
                var (port, size, value) = UserOut(rng);
                vcpu.Exit(t, VmxExitReasons.IoInstruction, k + 0x6a_3c11, IoQualification(port, size, input: false), 0, 0);
                long p = t + sim.Gap(300, 900);
                vcpu.Pio(p, write: true, port, size, value);
                vcpu.SetResumeRip(k + 0x6a_3c12);
                vcpu.ExitToUserspace(sim, p + sim.Gap(300, 900), UserspaceExitReasons.Io, 0, RunPrefix.None, Latencies.UserspaceIo);
                break;
            }

            case Scenario.IoInUser:
            {
                var (port, size, value) = UserIn(rng);
                vcpu.Exit(t, VmxExitReasons.IoInstruction, k + 0x6a_3c31, IoQualification(port, size, input: true), 0, 0);
                vcpu.SetPioReadPrefix(port, size, value);
                vcpu.SetResumeRip(k + 0x6a_3c32);
                vcpu.ExitToUserspace(sim, t + sim.Gap(400, 1_200), UserspaceExitReasons.Io, 0, RunPrefix.PioRead, Latencies.UserspaceIo);
                break;
            }

            case Scenario.IoOutKernel:
            case Scenario.IoInKernel:
            {
                // In-kernel PIT/PIC ports (kernel irqchip): kvm_pio, handled without leaving KVM_RUN.
                bool input = scenario == Scenario.IoInKernel;
                (uint port, ulong value) = input ? (0x61u, 0x20UL) : rng.Below(2) == 0 ? (0x43u, 0x34UL) : (0x20u, 0x20UL);
                vcpu.Exit(t, VmxExitReasons.IoInstruction, k + 0x6a_3d07, IoQualification(port, 1, input), 0, 0);
                long p = t + sim.Gap(300, 900);
                vcpu.Pio(p, write: !input, port, 1, value);
                vcpu.EnterGuest(sim, EntryAfter(sim, t, p, Latencies.KernelPio), k + 0x6a_3d08);
                break;
            }

            case Scenario.PreemptionTimerFastpath:
            {
                // Fastpath REENTER_GUEST: kvm_exit immediately followed by kvm_entry (spec §11).
                ulong rip = AsyncRip(k, rng);
                vcpu.Exit(t, VmxExitReasons.PreemptionTimer, rip, 0, 0, 0);
                vcpu.EnterGuest(sim, t + sim.Gap(250, 800), rip);
                break;
            }

            case Scenario.PreemptionTimer:
            {
                // The guest's LAPIC timer expired: accepted in this vCPU's context, injected before the entry.
                ulong rip = AsyncRip(k, rng);
                vcpu.Exit(t, VmxExitReasons.PreemptionTimer, rip, 0, 0, 0);
                long a = t + sim.Gap(300, 900);
                vcpu.Accept(a, apicv: false, vcpu.VcpuId, 236);
                if (vcpu.PendingVector == 0)
                {
                    vcpu.PendingVector = 236;
                }

                vcpu.EnterGuest(sim, EntryAfter(sim, t, a, Latencies.ExternalInterrupt), rip);
                break;
            }

            case Scenario.Pause:
                vcpu.Exit(t, 40, k + 0x0f_42a0, 0, 0, 0);
                vcpu.EnterGuest(sim, t + Latencies.Short.Sample(rng), k + 0x0f_42a2);
                break;
            case Scenario.Vmcall:
            {
                // KVM_HC_SCHED_YIELD (11) towards a sibling's APIC ID, or KVM_HC_KICK_CPU (5).
                VcpuActor? peer = IpiTarget(vcpu, sim);
                ulong nr = peer is not null && rng.Below(2) == 0 ? 11UL : 5UL;
                vcpu.Exit(t, VmxExitReasons.Vmcall, k + 0x0a_52c1, 0, 0, 0);
                long h = t + sim.Gap(300, 900);
                vcpu.Hypercall(h, nr, nr == 11 ? (ulong)peer!.VcpuId : 0, nr == 5 ? (ulong)(peer?.VcpuId ?? 0) : 0);
                vcpu.EnterGuest(sim, EntryAfter(sim, t, h, Latencies.Short), k + 0x0a_52c4);
                break;
            }

            case Scenario.SignalKick:
            {
                ulong rip = AsyncRip(k, rng);
                vcpu.Exit(t, VmxExitReasons.ExternalInterrupt, rip, 0, 0, 0x8000_00fd);
                vcpu.SetResumeRip(rip);
                vcpu.ExitToUserspace(sim, t + Latencies.ExternalInterrupt.Sample(rng), UserspaceExitReasons.Intr, 4, RunPrefix.None, Latencies.UserspaceSignal);
                break;
            }

            default:
            {
                ulong rip = AsyncRip(k, rng);
                uint vector = scenario == Scenario.HostKick ? 0xfd : HostVector(rng);
                vcpu.Exit(t, VmxExitReasons.ExternalInterrupt, rip, 0, 0, 0x8000_0000u | vector);
                vcpu.EnterGuest(sim, t + Latencies.ExternalInterrupt.Sample(rng), rip);
                break;
            }
        }
    }

    private static bool ExistsOn26(Scenario scenario) => scenario is not (Scenario.PreemptionTimer or
        Scenario.PreemptionTimerFastpath or Scenario.Pause or Scenario.MmioFastWrite or Scenario.MmioUserWrite or
        Scenario.MmioUserRead);

    /// <summary>Guest RIP of an asynchronous exit: somewhere in the guest kernel's text.</summary>
    private static ulong AsyncRip(ulong kernelBase, Rng rng) => kernelBase + ((ulong)rng.Below(0xa0_0000) & ~0x3UL);

    /// <summary>SDM Table 28-5: size-1 in bits 2:0, direction (1 = IN) in bit 3, port in bits 31:16.</summary>
    private static ulong IoQualification(uint port, int size, bool input) => ((ulong)port << 16) | (input ? 8UL : 0UL) | (uint)(size - 1);

    private static void WriteTscDeadline(VcpuActor vcpu, Simulation sim, long t, ulong k)
    {
        vcpu.Exit(t, VmxExitReasons.MsrWrite, k + 0x0b_b564, 0, 0, 0);
        long deadline = t + Latencies.TscDeadline.Sample(sim.Rng);
        vcpu.TimerDeadline = deadline;
        long m = t + sim.Gap(150, 400);
        vcpu.Msr(m, write: true, 0x6e0, sim.Clock.Tsc(deadline), exception: false);
        vcpu.EnterGuest(sim, EntryAfter(sim, t, m, Latencies.Msr), k + 0x0b_b566);
    }

    private static void SendIpi(VcpuActor vcpu, Simulation sim, long t, ulong k)
    {
        VcpuActor? target = IpiTarget(vcpu, sim);
        if (target is null)
        {
            WriteTscDeadline(vcpu, sim, t, k);
            return;
        }

        int vector = sim.Rng.Below(3) == 0 ? 0xfb : 0xfd;
        vcpu.Exit(t, VmxExitReasons.MsrWrite, k + 0x0b_b564, 0, 0, 0);
        long m = t + sim.Gap(150, 400);
        vcpu.Msr(m, write: true, 0x830, ((ulong)(uint)target.VcpuId << 32) | (uint)vector, exception: false);
        long a = m + sim.Gap(200, 600);
        vcpu.Accept(a, apicv: false, target.VcpuId, vector);
        target.Deliver(sim, a, vector);
        vcpu.EnterGuest(sim, a + sim.Gap(300, 900), k + 0x0b_b566);
    }

    // EPT_MISCONFIG MMIO: the fast path for ioeventfd writes (kvm_fast_mmio, instruction skipped), otherwise the
    // emulator (kvm_emulate_insn) and kvm_mmio; a read from userspace completes with kvm_mmio read in the next RUN.
    private static void Mmio(VcpuActor vcpu, Simulation sim, Scenario scenario, long t, ulong k)
    {
        Rng rng = sim.Rng;
        MmioAccess access = MmioFor(vcpu, sim, scenario);
        bool read = scenario == Scenario.MmioUserRead;
        ulong rip = k + (read ? 0x6d_1b13UL : 0x6d_1a40UL);
        Instruction insn = read
            ? access.Length == 1 ? s_load8 : s_load32
            : access.Length == 2 ? s_store16 : s_store32;
        vcpu.Exit(t, VmxExitReasons.EptMisconfig, rip, 0, 0, 0);
        long m = t + sim.Gap(300, 900);
        vcpu.SetResumeRip(rip + (ulong)insn.Length);
        switch (scenario)
        {
            case Scenario.MmioFastWrite:
                vcpu.FastMmio(m, access.Gpa);
                vcpu.EnterGuest(sim, EntryAfter(sim, t, m, Latencies.FastMmio), rip + (ulong)insn.Length);
                break;
            case Scenario.MmioUserWrite:
                vcpu.EmulateInsn(m, rip, insn);
                m += sim.Gap(200, 600);
                vcpu.Mmio(m, 2, access.Length, access.Gpa, access.Value);
                vcpu.ExitToUserspace(sim, m + sim.Gap(300, 900), UserspaceExitReasons.Mmio, 0, RunPrefix.None, Latencies.UserspaceMmio);
                break;
            default:
                vcpu.EmulateInsn(m, rip, insn);
                m += sim.Gap(200, 600);
                vcpu.Mmio(m, 0, access.Length, access.Gpa, 0);
                vcpu.SetMmioReadPrefix(access.Gpa, access.Length, access.Value);
                vcpu.ExitToUserspace(sim, m + sim.Gap(300, 900), UserspaceExitReasons.Mmio, 0, RunPrefix.MmioRead, Latencies.UserspaceMmio);
                break;
        }
    }
}
