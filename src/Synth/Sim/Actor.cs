using TraceLab.Synth.Model;

namespace TraceLab.Synth.Sim;

/// <summary>
/// A host thread in the simulation. It either has queued events (its key is the oldest one's time) or is waiting
/// for its next decision at <see cref="NextActionTime"/>. The scheduler always serves the actor with the smallest
/// key, which merges all threads into one time-ordered stream the way ftrace merges its per-CPU buffers.
/// </summary>
internal abstract class Actor
{
    protected Actor(short task, int cpu)
    {
        Task = task;
        Cpu = cpu;
    }

    public EventQueue Queue { get; } = new();

    /// <summary>When the actor next decides something, if its queue is empty; <see cref="long.MaxValue"/> when finished.</summary>
    public long NextActionTime { get; set; } = long.MaxValue;

    public short Task { get; }

    /// <summary>Host CPU the thread currently runs on (it can migrate).</summary>
    public int Cpu { get; protected set; }

    public long Key => Queue.Count > 0 ? Queue.HeadTime : NextActionTime;

    /// <summary>Creation order, the scheduler's tie-breaker.</summary>
    public int Order { get; set; }

    /// <summary>Position in <see cref="ActorHeap"/>.</summary>
    public int HeapIndex { get; set; }

    /// <summary>Called when the queue is empty and <see cref="NextActionTime"/> is the earliest key: queue events or move the time on.</summary>
    public abstract void Act(Simulation sim);

    protected ref SynthEvent Add(SynthEventKind kind, long time, FlagStyle flags = FlagStyle.Process)
    {
        ref SynthEvent e = ref Queue.Append();
        e.TimeNs = time;
        e.Kind = kind;
        e.Flags = flags;
        e.Task = Task;
        e.Cpu = (short)Cpu;
        return ref e;
    }

    /// <summary>kvm_apic_accept_irq / kvm_apicv_accept_irq: Q0 = apicid (target vcpu_id), Q1 = vector, P0 = delivery mode, P1 = level.</summary>
    protected void AcceptIrq(long time, bool apicv, int apicId, int vector)
    {
        ref SynthEvent e = ref Add(apicv ? SynthEventKind.ApicvAcceptIrq : SynthEventKind.ApicAcceptIrq, time);
        e.Q0 = (uint)apicId;
        e.Q1 = (uint)vector;
    }
}
