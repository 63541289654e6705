using TraceLab.Store.Kvm;
using TraceLab.Synth.Behaviour;

namespace TraceLab.Synth.Sim;

internal sealed partial class VcpuActor
{
    // Module defaults: halt_poll_ns 200000, halt_poll_ns_grow 2, halt_poll_ns_grow_start 10000, halt_poll_ns_shrink 0.
    private const long MaxHaltPollNs = 200_000;
    private const long HaltPollGrowStart = 10_000;

    private long _blockStart;
    private long _haltPollNs;
    private WakeCause _wakeCause;
    private long _firstHaltNs = -1;

    /// <summary>Makes this vCPU's first halt last this long, so a scripted IPI from a sibling finds it asleep.</summary>
    public void SetFirstHaltDuration(long ns) => _firstHaltNs = ns;

    /// <summary>
    /// HLT handled in the kernel (spec §7): kvm_vcpu_halt blocks until the guest's own timer (the last TSC-deadline write,
    /// else a sampled idle period) or an interrupt from another thread (<see cref="Deliver"/>) wakes it.
    /// </summary>
    public void BeginHalt(Simulation sim, long exitTime, ulong resumeRip)
    {
        _resumeRip = resumeRip;
        _blockStart = exitTime + sim.Gap(500, 1_500);
        long deadline;
        if (_firstHaltNs >= 0)
        {
            deadline = _blockStart + _firstHaltNs;
            _firstHaltNs = -1;
        }
        else if (TimerDeadline > _blockStart + 5_000)
        {
            deadline = TimerDeadline;
        }
        else
        {
            int pick = sim.Rng.Below(100);
            LogNormal idle = pick < 30 ? Latencies.HaltShort : pick < 75 ? Latencies.HaltMid : Latencies.HaltLong;
            deadline = _blockStart + idle.Sample(sim.Rng);
        }

        _wakeCause = WakeCause.Timer;
        State = VcpuState.Halted;
        NextActionTime = deadline;
    }

    /// <summary>
    /// kvm_vcpu_halt's epilogue: the halt-poll grow/shrink decision (kvm_halt_poll_ns) then kvm_vcpu_wakeup, then the
    /// wake source — the guest timer is accepted in this thread; an IPI was accepted by its sender already.
    /// </summary>
    private void Wake(Simulation sim, long t)
    {
        if (sim.Rng.Chance(40_000))
        {
            Cpu = sim.MigrationTarget(Cpu);
        }

        if (sim.Traits.HasHaltPolling)
        {
            t = TraceHaltPolling(sim, t);
        }

        switch (_wakeCause)
        {
            case WakeCause.Signal:
                t += sim.Gap(300, 1_000);
                ExitToUserspace(sim, t, UserspaceExitReasons.Intr, 4, RunPrefix.None, Latencies.UserspaceSignal);
                if (Vm.Stopping)
                {
                    Die();
                }

                return;
            case WakeCause.Timer:
                t += sim.Gap(300, 1_000);
                AcceptIrq(t, apicv: false, VcpuId, 236);
                if (sim.IsTdx)
                {
                    t += sim.Gap(200, 600);
                    AcceptIrq(t, apicv: true, VcpuId, 236);
                }
                else if (PendingVector == 0)
                {
                    PendingVector = 236;
                }

                TimerDeadline = 0;
                break;
        }

        EnterGuest(sim, t + sim.Gap(400, 1_500), _resumeRip);
    }

    private long TraceHaltPolling(Simulation sim, long t)
    {
        long haltNs = Math.Max(0, t - _blockStart);
        bool valid = _wakeCause != WakeCause.Signal;
        bool waited = haltNs > _haltPollNs;
        long old = _haltPollNs;
        if (!valid)
        {
            _haltPollNs = 0;
            HaltPollNs(t, grow: false, 0, old);
        }
        else if (haltNs <= _haltPollNs)
        {
            // Polling caught the wakeup; nothing to tune.
        }
        else if (_haltPollNs != 0 && haltNs > MaxHaltPollNs)
        {
            _haltPollNs = 0;
            HaltPollNs(t, grow: false, 0, old);
        }
        else if (_haltPollNs < MaxHaltPollNs && haltNs < MaxHaltPollNs)
        {
            _haltPollNs = Math.Max(_haltPollNs * 2, HaltPollGrowStart);
            HaltPollNs(t, grow: true, _haltPollNs, old);
        }

        t += sim.Gap(80, 300);
        VcpuWakeup(t, haltNs, waited, valid);
        return t;
    }
}
