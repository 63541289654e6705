namespace TraceLab.Replay.Episodes;

/// <summary>What closed an episode.</summary>
public enum EpisodeEnd
{
    /// <summary>The next kvm_entry of the thread.</summary>
    Entry,

    /// <summary>Another kvm_exit on the thread, with no kvm_entry between.</summary>
    NextExit,

    /// <summary>A lost-events marker: events of this thread may be missing.</summary>
    LostEvents,

    /// <summary>Non-trace lines (an elision, prose, a cut line) interrupted the stream.</summary>
    Gap,

    /// <summary>The input file ended (each file is its own recording).</summary>
    RecordingEnd,
}
