using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>
/// One kvm_exit with what the reference pairing learned about it. <see cref="Certain"/> is false when an
/// unclassifiable line or an event of an unknown thread came between the exit and the event that closed it: then
/// only the exit's own fields are compared, not its pairing.
/// </summary>
public sealed class NaiveExit
{
    public required NaiveEvent Event { get; init; }

    public bool Certain { get; set; } = true;

    /// <summary>
    /// vCPU of the exit row: the payload's, else the thread's as known when the episode closed (an old-format exit
    /// learns it from its own kvm_entry); null when unknowable.
    /// </summary>
    public int? Vcpu { get; set; }

    /// <summary>Line of the kvm_entry that ended the handling, -1 when none.</summary>
    public long EntryLine { get; set; } = -1;

    public long HandlingNs { get; set; } = -1;

    /// <summary>Exit − previous entry of the thread; null when not knowable (the previous entry was before a gap).</summary>
    public long? GuestRunNs { get; init; }

    public long UserspaceReason { get; set; } = -1;

    public long UserspaceErrno { get; set; }

    public int UserspaceExits { get; set; }

    public long CompanionCount { get; set; }

    public ExitFlags Flags { get; set; }
}
