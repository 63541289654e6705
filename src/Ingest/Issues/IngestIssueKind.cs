namespace TraceLab.Ingest.Issues;

/// <summary>
/// The kinds of problem ingest counts instead of failing on (perfetto's stats.h idea: errors are data). Each kind has
/// a stable name, a severity and a hint; docs/ingest-issues.md lists them.
/// </summary>
public enum IngestIssueKind
{
    /// <summary>A line that is neither an event, a comment nor a known marker (prose, a cut line, garbage).</summary>
    UnrecognizedLine,

    /// <summary>An event line that stops before its payload (<c>kvm_exit</c> with no ':'), or a wrapped line that never got its tail.</summary>
    TruncatedLine,

    /// <summary>An event split over two lines (mail clients) that was joined back.</summary>
    WrappedLine,

    /// <summary>A known event whose payload lacked a field TraceLab expected.</summary>
    MalformedPayload,

    /// <summary>A kvm_exit reason that no exit-reason table knows (kept by its printed text).</summary>
    UnknownExitReason,

    /// <summary>The tracer's buffer overflowed: <c>CPU:N [LOST M EVENTS]</c>.</summary>
    LostEvents,

    /// <summary>A kvm_exit followed by another kvm_exit on the same thread with no kvm_entry between them.</summary>
    ExitWithoutEntry,

    /// <summary>A kvm_entry on a thread whose previous KVM event was also a kvm_entry (an exit is missing).</summary>
    EntryWithoutExit,

    /// <summary>An entry time earlier than its exit's (clock skew between CPUs after a migration); no latency is recorded.</summary>
    EntryBeforeExit,

    /// <summary>Timestamps went backwards within one CPU's stream.</summary>
    TimestampBackwards,

    /// <summary>A counter-clock (ticks) timestamp in a file that otherwise has sec.usec stamps, or the reverse.</summary>
    MixedClock,
}
