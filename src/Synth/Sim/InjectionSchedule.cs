namespace TraceLab.Synth.Sim;

/// <summary>
/// When to inject (<see cref="SynthOptions.Inject"/>): after a gap of N/2..3N/2 exits (N = <see cref="SynthOptions.InjectEvery"/>)
/// the next vCPU that decides an exit with nothing forced takes the next kind in turn. The gaps come from an RNG of
/// their own, so the main one is consumed exactly as without injection until the first injected episode.
/// </summary>
internal sealed class InjectionSchedule
{
    private readonly DivergenceKind[] _kinds;
    private readonly Rng _rng;
    private readonly int _every;
    private long _countdown;
    private int _next;

    public InjectionSchedule(SynthOptions options)
    {
        _kinds = [.. options.Inject.Distinct().Order()];
        _rng = new Rng(unchecked((options.Seed * 0x2545_F491) ^ 0x1d1e_c7ed));
        _every = options.InjectEvery;
        _countdown = Gap();
    }

    /// <summary>
    /// tdx.userspace-without-exit only hits a VM that has shown this many exits: replay decides a VM's mode from its
    /// exits (TDVMCALL masks, TDCALL, -1u), and a VM ended after a handful may show no TD tell at all.
    /// </summary>
    private const int MinExitsBeforeVmEnds = 64;

    /// <summary><paramref name="vcpu"/> is about to exit (forced or not).</summary>
    public void CountExit(VcpuActor vcpu)
    {
        vcpu.Vm.Exits++;
        if (_countdown > 0)
        {
            _countdown--;
        }
    }

    /// <summary>The kind <paramref name="vcpu"/> injects now, or <see cref="DivergenceKind.None"/>.</summary>
    public DivergenceKind TryTake(VcpuActor vcpu, Simulation sim)
    {
        if (_countdown > 0)
        {
            return DivergenceKind.None;
        }

        for (int tried = 0; tried < _kinds.Length; tried++)
        {
            DivergenceKind kind = _kinds[_next];
            if (IsPossible(kind, vcpu, sim))
            {
                if (kind == DivergenceKind.UserspaceWithoutExit && vcpu.Vm.Exits < MinExitsBeforeVmEnds)
                {
                    return DivergenceKind.None;   // still due: a vCPU of a VM with more history takes it
                }

                _next = (_next + 1) % _kinds.Length;
                _countdown = Gap();
                return kind;
            }

            // Only tdx.userspace-without-exit can become impossible (one VM left): skip it for good.
            _next = (_next + 1) % _kinds.Length;
        }

        return DivergenceKind.None;
    }

    /// <summary>
    /// tdx.userspace-without-exit ends its VM (KVM marks it bugged; any later entry would be tdx.unusable-vm-entered), so
    /// it never hits the last VM still running: the trace must go on to its event target.
    /// </summary>
    private static bool IsPossible(DivergenceKind kind, VcpuActor vcpu, Simulation sim)
    {
        if (kind != DivergenceKind.UserspaceWithoutExit)
        {
            return true;
        }

        foreach (VmState vm in sim.Vms)
        {
            if (vm != vcpu.Vm && !vm.Stopping)
            {
                return true;
            }
        }

        return false;
    }

    private long Gap() => Math.Max(1, (_every / 2) + _rng.Below(_every + 1));
}
