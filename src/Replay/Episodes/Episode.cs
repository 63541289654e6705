namespace TraceLab.Replay.Episodes;

/// <summary>
/// Everything one vCPU thread did from a kvm_exit to its next kvm_entry, across KVM_RUN boundaries (the unit the
/// model judges). An episode without <see cref="Exit"/> began at a kvm_entry whose KVM_RUN ended with no kvm_exit.
/// </summary>
public sealed class Episode
{
    public int Vm { get; set; } = -1;

    public int Vcpu { get; set; } = -1;

    public int Tid { get; set; } = -1;

    /// <summary>The kvm_exit, or null for an episode that starts at a kvm_entry with no kvm_exit after it.</summary>
    public ObservedEvent? Exit { get; set; }

    /// <summary>The kvm_entry that opened an exit-less episode.</summary>
    public ObservedEvent? OpeningEntry { get; set; }

    /// <summary>The thread's events after the exit, in order, up to (not including) <see cref="Entry"/>.</summary>
    public List<ObservedEvent> Events { get; } = [];

    /// <summary>The kvm_entry that closed the episode (when <see cref="End"/> is <see cref="EpisodeEnd.Entry"/>).</summary>
    public ObservedEvent? Entry { get; set; }

    public EpisodeEnd End { get; set; }

    /// <summary>The row that closed the episode without an entry (next exit, marker), for messages.</summary>
    public ObservedEvent? Closer { get; set; }

    public void Reset()
    {
        Vm = Vcpu = Tid = -1;
        Exit = OpeningEntry = Entry = Closer = null;
        Events.Clear();
        End = EpisodeEnd.Entry;
    }
}
