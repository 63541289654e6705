namespace TraceLab.Synth.Sim;

internal enum WakeCause : byte
{
    /// <summary>The guest's own LAPIC timer: the interrupt is accepted in the vCPU's context after the wakeup.</summary>
    Timer = 0,

    /// <summary>An IPI or device interrupt accepted by another thread before the wakeup.</summary>
    Interrupt = 1,

    /// <summary>A signal: the halt ends and KVM_RUN returns -EINTR (<c>reason restart (4)</c>).</summary>
    Signal = 2,
}
