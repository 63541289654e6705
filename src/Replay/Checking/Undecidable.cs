namespace TraceLab.Replay.Checking;

/// <summary>Why an episode could not be judged: the trace does not show how it ended.</summary>
public enum Undecidable
{
    /// <summary>A lost-events marker came before the episode's boundary.</summary>
    LostEvents,

    /// <summary>Non-trace lines (an elision, prose, a cut line) came before the boundary.</summary>
    Gap,

    /// <summary>The recording ended before the boundary.</summary>
    RecordingEnded,

    /// <summary>KVM_RUN ended after kvm_entry with no kvm_exit on a VMX guest, in a way no VMX path explains: events are missing.</summary>
    MissingExit,

    /// <summary>The capture does not record kvm_entry at all (e.g. <c>trace-cmd record -e kvm_exit</c>): no episode has an end.</summary>
    NoEntries,

    /// <summary>The VM is an SVM guest: TraceLab has no SVM model.</summary>
    NoModel,
}
