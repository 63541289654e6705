using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>
/// One event as the reference parser read it: the fields the store keeps for an event row. A null A-value means
/// "not checked" (the payload did not match the print format the reference parser knows), never "zero".
/// </summary>
public sealed class NaiveEvent
{
    /// <summary>1-based line of the event's header (the first line when it was wrapped).</summary>
    public long Line { get; set; }

    /// <summary>ns for sec.frac stamps, raw ticks for counter stamps, -1 when the line had no timestamp.</summary>
    public long Timestamp { get; set; } = -1;

    public bool TimestampIsCounter { get; set; }

    public int Cpu { get; set; } = -1;

    public int Tid { get; set; } = -1;

    public int Tgid { get; set; } = -1;

    public string Task { get; set; } = "";

    /// <summary>Event name without the perf group prefix.</summary>
    public string Name { get; set; } = "";

    public EventKind Kind { get; set; }

    public string Payload { get; set; } = "";

    /// <summary>Byte offset of the payload in the file, -1 when unknown (wrapped lines, non-ASCII lines).</summary>
    public long PayloadOffset { get; set; } = -1;

    public int PayloadLength { get; set; } = -1;

    /// <summary>Index of the payload within its line (-1 when empty or unknown).</summary>
    public int PayloadIndex { get; set; } = -1;

    /// <summary>The event was built from two lines.</summary>
    public bool Joined { get; set; }

    /// <summary>Result of decoding the payload.</summary>
    public NaiveDecoded Decoded { get; set; } = NaiveDecoded.NotDecoded;

    /// <summary>The vCPU the store should show for this event: the payload's, else the thread's; null when unknowable.</summary>
    public int? ExpectedVcpu { get; set; }
}
