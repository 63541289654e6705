using TraceLab.Synth.Behaviour;
using TraceLab.Synth.Model;

namespace TraceLab.Synth.Sim;

/// <summary>
/// The simulated host: VMs, their vCPU and vhost threads, and the scheduler that merges the threads' events into one
/// time-ordered stream. Everything random comes from one seeded <see cref="Rng"/> consumed in a fixed order, so the
/// same options always produce the same events.
/// </summary>
internal sealed class Simulation
{
    private readonly Actor[] _actors;
    private readonly int _fatalReserve;
    private readonly int[] _cpuUsers;
    private ActorHeap? _heap;
    private long _remaining;
    private bool _fatalReported;

    public Simulation(SynthOptions options)
    {
        Options = options;
        Traits = new GenerationTraits(options.Generation);
        Rng = new Rng(options.Seed);
        IsTdx = options.Mode == SynthMode.Tdx;
        Behaviour = IsTdx ? new TdxBehaviour() : new VmxBehaviour();
        Mix = IsTdx ? ScenarioMix.ForTdx() : ScenarioMix.ForVmx(options.Generation == KernelGeneration.V2_6);

        int totalVcpus = options.VmCount * options.VcpusPerVm;
        HostCpus = options.HostCpus > 0 ? options.HostCpus : Math.Max(4, totalVcpus + 2);
        long bootSeconds = 300 + Rng.Below(90_000);
        Clock = new Clock(
            bootSeconds * 1_000_000_000L + Rng.Below(1_000_000_000),
            (ulong)Rng.Below(1 << 30),
            options.TscKhz,
            options.Timestamps);

        _cpuUsers = new int[HostCpus];
        var build = new WorldBuilder(this);
        (Tasks, Vms, _actors) = build.Build();
        _fatalReserve = Math.Max(50, 12 * totalVcpus);
        Injections = options.Inject.Count > 0 ? new InjectionSchedule(options) : null;
    }

    public SynthOptions Options { get; }

    public GenerationTraits Traits { get; }

    public Rng Rng { get; }

    public bool IsTdx { get; }

    public ExitBehaviour Behaviour { get; }

    public ScenarioMix Mix { get; }

    public int HostCpus { get; }

    public Clock Clock { get; }

    public SynthTask[] Tasks { get; }

    public IReadOnlyList<VmState> Vms { get; }

    /// <summary>Null unless <see cref="SynthOptions.Inject"/> asks for divergences.</summary>
    public InjectionSchedule? Injections { get; }

    /// <summary>Uniform gap in nanoseconds between two events of one episode.</summary>
    public long Gap(long min, long max) => Rng.Between(min, max);

    /// <summary>Runs until <paramref name="maxEvents"/> events were emitted, the sink asks to stop, or every thread ended.</summary>
    public long Run(IEventSink sink, long maxEvents)
    {
        long emitted = 0;
        _remaining = maxEvents;
        _heap = new ActorHeap(_actors);
        while (emitted < maxEvents)
        {
            Actor best = _heap.Min;
            if (best.Key == long.MaxValue)
            {
                break;
            }

            if (best.Queue.Count == 0)
            {
                best.Act(this);
                _heap.Update(best);
                continue;
            }

            bool more = sink.Emit(in best.Queue.Head);
            best.Queue.DropHead();
            _heap.Update(best);
            emitted++;
            _remaining--;
            if (!more)
            {
                break;
            }
        }

        _heap = null;
        return emitted;
    }

    /// <summary>Another actor changed <paramref name="actor"/>'s next action time (an IPI, a VM stop).</summary>
    public void Reschedule(Actor actor) => _heap?.Update(actor);

    /// <summary>ReportFatalError fires once, from VM 0's vCPU 0, when the event budget is nearly spent (spec §4.2).</summary>
    public bool ShouldReportFatalError(VcpuActor vcpu)
    {
        if (!Options.ReportFatalErrorAtEnd || !IsTdx || _fatalReported || vcpu.Vm.Index != 0 || vcpu.VcpuId != 0 ||
            _remaining > _fatalReserve)
        {
            return false;
        }

        _fatalReported = true;
        return true;
    }

    /// <summary>The VMM tears the VM down: every other vCPU is kicked out of KVM_RUN and never re-enters.</summary>
    public void StopVm(VmState vm, long t)
    {
        vm.Stopping = true;
        foreach (VcpuActor vcpu in vm.Vcpus)
        {
            if (vcpu.State != VcpuState.Dead)
            {
                vcpu.Stop(t, this);
            }
        }
    }

    /// <summary>Records that a vCPU thread starts out on <paramref name="cpu"/>.</summary>
    public void OccupyCpu(int cpu) => _cpuUsers[cpu]++;

    /// <summary>
    /// Where a vCPU thread that the scheduler moves ends up: a CPU no other vCPU thread is on, so no CPU ever shows two
    /// vCPUs running at once. Stays put when every CPU is taken.
    /// </summary>
    public int MigrationTarget(int current)
    {
        int free = 0;
        for (int c = 0; c < HostCpus; c++)
        {
            free += _cpuUsers[c] == 0 ? 1 : 0;
        }

        if (free == 0)
        {
            return current;
        }

        int pick = Rng.Below(free);
        for (int c = 0; c < HostCpus; c++)
        {
            if (_cpuUsers[c] == 0 && pick-- == 0)
            {
                _cpuUsers[current]--;
                _cpuUsers[c]++;
                return c;
            }
        }

        return current;
    }
}
