using TraceLab.Store.Kvm;
using TraceLab.Synth.Behaviour;

namespace TraceLab.Synth.Sim;

internal sealed partial class VcpuActor
{
    private RunPrefix _prefix;
    private uint _prefixPort;
    private int _prefixSize;
    private ulong _prefixGpa;
    private ulong _prefixValue;
    private uint _prefixReason;
    private int _mapGpaLeft;
    private ulong _resumeRip;

    /// <summary>
    /// Leaves KVM_RUN: <c>kvm_fpu: unload</c>, then <c>kvm_userspace_exit</c> (spec §1.4); <paramref name="errno"/> 4 prints
    /// <c>reason restart (4)</c>. The next KVM_RUN starts after <paramref name="userspace"/> with <paramref name="prefix"/>.
    /// </summary>
    public void ExitToUserspace(Simulation sim, long t, uint reason, uint errno, RunPrefix prefix, LogNormal userspace)
    {
        Fpu(t, load: false);
        long u = t + sim.Gap(200, 900);
        UserspaceExit(u, reason, errno);
        _prefix = prefix;
        State = VcpuState.InUserspace;
        NextActionTime = u + userspace.Sample(sim.Rng);
    }

    public void SetPioReadPrefix(uint port, int size, ulong value)
    {
        _prefixPort = port;
        _prefixSize = size;
        _prefixValue = value;
    }

    public void SetMmioReadPrefix(ulong gpa, int length, ulong value)
    {
        _prefixGpa = gpa;
        _prefixSize = length;
        _prefixValue = value;
    }

    public void SetMapGpaPrefix(int chunksLeft) => _mapGpaLeft = chunksLeft;

    /// <summary>For <see cref="RunPrefix.RunError"/>: the next KVM_RUN fails with -<paramref name="errno"/> (run->exit_reason still <paramref name="reason"/>).</summary>
    public void SetRunErrorPrefix(uint reason, uint errno)
    {
        _prefixReason = reason;
        _prefixValue = errno;
    }

    /// <summary>
    /// Resumes the guest with a kvm_entry showing <paramref name="intrInfo"/> — what a TD's entry never shows
    /// (tdx.entry-injection) — and no other entry-time decision.
    /// </summary>
    public void EnterGuestShowing(Simulation sim, long t, ulong rip, uint intrInfo)
    {
        Entry(t, rip, intrInfo, immediate: false);
        State = VcpuState.InGuest;
        NextActionTime = t + Latencies.GuestRun.Sample(sim.Rng);
    }

    /// <summary>The exit just written gets no kvm_entry in the trace (it was lost): the guest simply exits again soon.</summary>
    public void ContinueWithoutEntry(Simulation sim, long t) => NextActionTime = t + Latencies.ShortGuestRun.Sample(sim.Rng);

    /// <summary>
    /// Resumes the guest: VMX injects a pending interrupt first (kvm_inj_virq, and the entry's intr_info shows it on
    /// 6.14+); TDX never injects (spec §7) and prints intr_info 0, error_code 0, no <c>[immediate exit]</c> (spec §3.1).
    /// </summary>
    public void EnterGuest(Simulation sim, long t, ulong rip)
    {
        uint intrInfo = 0;
        bool immediate = false;
        if (!sim.IsTdx)
        {
            if (PendingVector != 0)
            {
                InjVirq(t, PendingVector);
                intrInfo = 0x8000_0000u | (uint)PendingVector;
                PendingVector = 0;
                t += sim.Gap(150, 500);
            }

            immediate = sim.Traits.EntryHasImmediateExit && _forced == Scenario.None && sim.Rng.Chance(3_000);
        }

        Entry(t, rip, intrInfo, immediate);
        State = VcpuState.InGuest;

        if (immediate)
        {
            // KVM forces an exit right after entry with a zero preemption-timer deadline.
            _forced = Scenario.PreemptionTimerFastpath;
            NextActionTime = t + sim.Gap(300, 900);
        }
        else if (_forced == Scenario.None && sim.IsTdx && sim.Rng.Chance(5_000))
        {
            // TDH.VP.ENTER fails with TDX_OPERAND_BUSY before running the guest (spec §3.1, §13).
            _forced = Scenario.OperandBusy;
            NextActionTime = t + sim.Gap(300, 1_500);
        }
        else if (_forced == Scenario.OperandBusy)
        {
            NextActionTime = t + sim.Gap(300, 1_500);
        }
        else if (_forced != Scenario.None)
        {
            NextActionTime = t + Latencies.ShortGuestRun.Sample(sim.Rng);
        }
        else
        {
            NextActionTime = t + Latencies.GuestRun.Sample(sim.Rng);
        }
    }

    /// <summary>A new KVM_RUN: <c>kvm_fpu: load</c>, the completion of the previous exit if any, then the entry.</summary>
    private void StartRun(Simulation sim, long t)
    {
        if (State != VcpuState.Boot && sim.Rng.Chance(20_000))
        {
            Cpu = sim.MigrationTarget(Cpu);
        }

        State = VcpuState.InGuest;
        Fpu(t, load: true);
        t += sim.Gap(300, 1_500);
        RunPrefix prefix = _prefix;
        _prefix = RunPrefix.None;
        switch (prefix)
        {
            case RunPrefix.PioRead:
                Pio(t, write: false, _prefixPort, _prefixSize, _prefixValue);
                t += sim.Gap(200, 800);
                break;
            case RunPrefix.MmioRead:
                Mmio(t, 1, _prefixSize, _prefixGpa, _prefixValue);
                t += sim.Gap(200, 800);
                break;
            case RunPrefix.MapGpa:
                if (ContinueMapGpa(sim, t))
                {
                    return;
                }

                break;
            case RunPrefix.RunError:
                ExitToUserspace(sim, t, _prefixReason, (uint)_prefixValue, RunPrefix.None, Latencies.UserspaceSignal);
                return;
        }

        EnterGuest(sim, t, _resumeRip);
    }

    // tdx_complete_vmcall_map_gpa (spec §4.1): the next 2 MiB chunk goes straight back to userspace with another
    // KVM_EXIT_HYPERCALL and no kvm_entry; when done, or with an event pending (RETRY), the guest is resumed.
    private bool ContinueMapGpa(Simulation sim, long t)
    {
        if (_mapGpaLeft <= 0)
        {
            return false;
        }

        if (sim.Rng.Chance(100_000))
        {
            // RETRY: the guest re-issues MapGPA for the rest after a short run.
            MapGpaChunks = _mapGpaLeft;
            _forced = Scenario.MapGpa;
            return false;
        }

        int left = _mapGpaLeft - 1;
        SetMapGpaPrefix(left);
        ExitToUserspace(sim, t, UserspaceExitReasons.Hypercall, 0, RunPrefix.MapGpa, Latencies.UserspaceMapGpa);
        return true;
    }

    /// <summary>The RIP the next entry reports (VMX: after the emulated instruction; TDX: 0).</summary>
    public void SetResumeRip(ulong rip) => _resumeRip = rip;

    /// <summary>The VM is going away: a running vCPU is kicked out with a signal (EXTERNAL_INTERRUPT, restart).</summary>
    private void KickOut(Simulation sim, long t)
    {
        Exit(t, VmxExitReasons.ExternalInterrupt, sim.IsTdx ? 0 : _resumeRip, 0, 0, 0x8000_00fd);
        long u = t + Latencies.ExternalInterrupt.Sample(sim.Rng);
        Fpu(u, load: false);
        UserspaceExit(u + sim.Gap(200, 900), UserspaceExitReasons.Intr, 4);
        Die();
    }

    /// <summary>Called when another vCPU of the VM reported a fatal error at <paramref name="t"/>.</summary>
    public void Stop(long t, Simulation sim)
    {
        long kick = t + sim.Gap(2_000, 20_000);
        switch (State)
        {
            case VcpuState.Boot:
                Die();
                break;
            case VcpuState.InGuest:
                _forced = Scenario.None;
                long after = Queue.Count > 0 ? Math.Max(kick, Queue.TailTime + 1) : kick;
                NextActionTime = Math.Min(NextActionTime, after);
                break;
            case VcpuState.Halted:
                _wakeCause = WakeCause.Signal;
                NextActionTime = Math.Min(NextActionTime, Math.Max(kick, _blockStart + 100));
                break;
        }

        sim.Reschedule(this);
    }

    /// <summary>
    /// An interrupt for this vCPU was accepted at <paramref name="t"/> by another thread. A halted vCPU wakes; a VMX vCPU
    /// running guest code is kicked out with a reschedule IPI so the interrupt can be injected (TDX and APICv post it
    /// without an exit).
    /// </summary>
    public void Deliver(Simulation sim, long t, int vector)
    {
        switch (State)
        {
            case VcpuState.Halted:
                if (_wakeCause != WakeCause.Signal)
                {
                    long wake = Math.Max(t, _blockStart + 100) + Latencies.WakeLatency.Sample(sim.Rng);
                    if (wake < NextActionTime)
                    {
                        NextActionTime = wake;
                        _wakeCause = WakeCause.Interrupt;
                    }
                }

                break;
            case VcpuState.InGuest:
                if (!sim.IsTdx && Queue.Count == 0 && _forced == Scenario.None && !Vm.Stopping)
                {
                    long kick = t + sim.Gap(800, 2_500);
                    if (kick < NextActionTime)
                    {
                        NextActionTime = kick;
                        _forced = Scenario.HostKick;
                    }
                }

                break;
        }

        if (!sim.IsTdx && PendingVector == 0 && State != VcpuState.Dead)
        {
            PendingVector = vector;
        }

        sim.Reschedule(this);
    }
}
