namespace TraceLab.Synth;

/// <summary>The ftrace latency-flag column between <c>[cpu]</c> and the timestamp.</summary>
public enum FlagColumns
{
    /// <summary>No flag column (<c>options/irq-info</c> off, or a 2.6-era kernel).</summary>
    None = 0,

    /// <summary><c>irqs-off need-resched hardirq preempt-depth</c>, e.g. <c>d..1</c> (kernels before ~5.13).</summary>
    Four = 4,

    /// <summary>The four above plus <c>migrate-disable</c>, e.g. <c>d....</c> (current kernels).</summary>
    Five = 5,
}
