namespace TraceLab.Store.Schema;

/// <summary>Facts the pairing tracker records on an exit row (column <c>flags</c>).</summary>
[Flags]
public enum ExitFlags : long
{
    None = 0,

    /// <summary>A kvm_entry on the same thread ended this exit's handling.</summary>
    Paired = 1,

    /// <summary>The thread returned to userspace (kvm_userspace_exit) before the next entry.</summary>
    WentToUserspace = 2,

    /// <summary>Another kvm_exit came on the thread before any kvm_entry (the pairing was broken).</summary>
    FollowedByExit = 4,

    /// <summary>The exit and its entry were recorded on different host CPUs (legal: the thread migrated).</summary>
    CpuMigrated = 8,

    /// <summary>
    /// A lost-events marker (on any CPU: the thread may have run there) came before the next entry; the exit was
    /// closed without a latency because the episode may be incomplete.
    /// </summary>
    NearLostEvents = 16,

    /// <summary>The trace ended before the next entry.</summary>
    TraceEnded = 32,

    /// <summary>The paired entry had a timestamp earlier than the exit (clock skew across CPUs); handling_ns is -1.</summary>
    EntryBeforeExit = 64,

    /// <summary>The paired entry printed <c>[immediate exit]</c>.</summary>
    ImmediateExitEntry = 128,

    /// <summary>The input was interrupted by non-trace lines before the next entry (an excerpt's elision, prose, a cut line).</summary>
    AcrossGap = 256,
}
