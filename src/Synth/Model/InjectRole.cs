namespace TraceLab.Synth.Model;

/// <summary>What an event of an injected episode tells the truth recorder (<see cref="SynthEvent.InjectKind"/> names the kind).</summary>
internal enum InjectRole : byte
{
    None = 0,

    /// <summary>Replay reports the divergence at this line, and the event alone decides it.</summary>
    Both = 1,

    /// <summary>Replay reports at this line, once a later event of the thread (<see cref="Decides"/>) completes the episode.</summary>
    Offending = 2,

    /// <summary>Completes the episode whose <see cref="Offending"/> event came earlier on the thread.</summary>
    Decides = 3,

    /// <summary>Replay reports at the thread's next kvm_exit (a kvm_entry is missing after this one).</summary>
    NextExit = 4,
}
