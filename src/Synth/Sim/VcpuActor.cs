using TraceLab.Synth.Behaviour;

namespace TraceLab.Synth.Sim;

/// <summary>
/// A vCPU thread: <c>kvm_fpu: load</c> … (kvm_entry/kvm_exit pairs) … <c>kvm_fpu: unload</c> → kvm_userspace_exit per
/// KVM_RUN (spec §1.4). Run/halt/userspace plumbing lives in <c>VcpuActor.Run.cs</c> and <c>VcpuActor.Halt.cs</c>, the
/// tracepoint helpers in <c>VcpuActor.Events.cs</c>; what happens for each exit is the mode's <see cref="ExitBehaviour"/>.
/// </summary>
internal sealed partial class VcpuActor : Actor
{
    private readonly Scenario[] _script;
    private int _scriptPos;
    private Scenario _forced;

    public VcpuActor(short task, int cpu, VmState vm, int vcpuId, Scenario[] script)
        : base(task, cpu)
    {
        Vm = vm;
        VcpuId = vcpuId;
        _script = script;
    }

    public VmState Vm { get; }

    public int VcpuId { get; }

    public VcpuState State { get; private set; } = VcpuState.Boot;

    /// <summary>Absolute time of the last TSC-deadline write, so a later HLT sleeps until that timer fires.</summary>
    public long TimerDeadline { get; set; }

    /// <summary>VMX: vector accepted for this vCPU but not injected yet (kvm_inj_virq before the next entry).</summary>
    public int PendingVector { get; set; }

    /// <summary>MMIO access to replay after its first-touch EPT violation (spec §6.3).</summary>
    public MmioAccess PendingMmio { get; set; }

    /// <summary>MapGPA chunks still to convert when the guest re-issues after a RETRY.</summary>
    public int MapGpaChunks { get; set; }

    /// <summary>Remaining EPT violations of a page-accept burst.</summary>
    public int EptBurst { get; set; }

    /// <summary>The divergence being injected (<see cref="Scenario.Injected"/>; a storm keeps it across its retries).</summary>
    public DivergenceKind InjectKind { get; private set; }

    /// <summary>OPERAND_BUSY retries still to come in an injected storm.</summary>
    public int StormLeft { get; set; }

    /// <summary>Makes the next exit this scenario, after a short guest run.</summary>
    public void Force(Scenario scenario) => _forced = scenario;

    public override void Act(Simulation sim)
    {
        long t = NextActionTime;
        switch (State)
        {
            case VcpuState.Boot:
                StartRun(sim, t);
                break;
            case VcpuState.InGuest:
                if (Vm.Stopping)
                {
                    KickOut(sim, t);
                }
                else
                {
                    Scenario scenario = ChooseScenario(sim);
                    if (scenario == Scenario.Injected)
                    {
                        Injector.Execute(this, sim, InjectKind, t);
                    }
                    else
                    {
                        sim.Behaviour.Execute(this, sim, scenario, t);
                    }
                }

                break;
            case VcpuState.Halted:
                Wake(sim, t);
                break;
            case VcpuState.InUserspace:
                if (Vm.Stopping)
                {
                    Die();
                }
                else
                {
                    StartRun(sim, t);
                }

                break;
            default:
                NextActionTime = long.MaxValue;
                break;
        }
    }

    private Scenario ChooseScenario(Simulation sim)
    {
        sim.Injections?.CountExit(this);
        if (_forced != Scenario.None)
        {
            Scenario forced = _forced;
            _forced = Scenario.None;
            return forced;
        }

        if (sim.ShouldReportFatalError(this))
        {
            return Scenario.ReportFatalError;
        }

        if (sim.Injections?.TryTake(this, sim) is DivergenceKind kind and not DivergenceKind.None)
        {
            InjectKind = kind;
            return Scenario.Injected;
        }

        if (_scriptPos < _script.Length)
        {
            return _script[_scriptPos++];
        }

        return sim.Mix.Next(sim.Rng);
    }

    public void Die()
    {
        State = VcpuState.Dead;
        NextActionTime = long.MaxValue;
    }
}
