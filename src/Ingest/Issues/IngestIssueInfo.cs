namespace TraceLab.Ingest.Issues;

/// <summary>Stable name, severity and hint for each <see cref="IngestIssueKind"/>.</summary>
public static class IngestIssueInfo
{
    public static string Name(IngestIssueKind kind) => kind switch
    {
        IngestIssueKind.UnrecognizedLine => "unrecognized-line",
        IngestIssueKind.TruncatedLine => "truncated-line",
        IngestIssueKind.WrappedLine => "wrapped-line",
        IngestIssueKind.MalformedPayload => "malformed-payload",
        IngestIssueKind.UnknownExitReason => "unknown-exit-reason",
        IngestIssueKind.LostEvents => "lost-events",
        IngestIssueKind.ExitWithoutEntry => "exit-without-entry",
        IngestIssueKind.EntryWithoutExit => "entry-without-exit",
        IngestIssueKind.EntryBeforeExit => "entry-before-exit",
        IngestIssueKind.TimestampBackwards => "timestamp-backwards",
        IngestIssueKind.MixedClock => "mixed-clock",
        _ => kind.ToString(),
    };

    /// <summary>"info" (harmless, reported for completeness), "warning", "data-loss" or "error".</summary>
    public static string Severity(IngestIssueKind kind) => kind switch
    {
        IngestIssueKind.WrappedLine => "info",
        IngestIssueKind.UnrecognizedLine => "info",
        IngestIssueKind.LostEvents => "data-loss",
        IngestIssueKind.TruncatedLine => "data-loss",
        IngestIssueKind.MixedClock => "error",
        _ => "warning",
    };

    /// <summary>What the user can do about it, printed once per kind.</summary>
    public static string Hint(IngestIssueKind kind) => kind switch
    {
        IngestIssueKind.UnrecognizedLine => "not a trace line (prose, a header, a cut line); it was skipped",
        IngestIssueKind.TruncatedLine => "the line was cut; the event is lost",
        IngestIssueKind.WrappedLine => "an event wrapped onto two lines was joined back",
        IngestIssueKind.MalformedPayload => "a field was missing from the payload; the event was kept with zeros there",
        IngestIssueKind.UnknownExitReason => "the exit reason is in no table; it is kept by its printed name",
        IngestIssueKind.LostEvents => "the trace buffer overflowed; re-record with a larger buffer (trace-cmd -b, perf -m)",
        IngestIssueKind.ExitWithoutEntry => "two exits in a row on one thread; the first has no latency",
        IngestIssueKind.EntryWithoutExit => "two entries in a row on one thread; an exit is missing",
        IngestIssueKind.EntryBeforeExit => "an entry stamped before its exit (clock skew across CPUs); no latency recorded",
        IngestIssueKind.TimestampBackwards => "time went backwards on one CPU; the trace may be merged from several runs",
        IngestIssueKind.MixedClock => "counter and sec.usec timestamps are mixed; times are not comparable",
        _ => "",
    };
}
