namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>What the reference parser made of one input line.</summary>
public enum NaiveLineKind
{
    /// <summary>An event the reference parser understood (possibly joined with the next line).</summary>
    Event,

    /// <summary>The continuation of the event on an earlier line (a mail-wrapped line).</summary>
    Continuation,

    /// <summary><c>CPU:3 [LOST 1234 EVENTS]</c> or trace-cmd's <c>CPU:3 [1234 EVENTS DROPPED]</c>.</summary>
    LostEvents,

    /// <summary>Blank, '#' comment, ftrace stack-trace or perf callchain line, trace-cmd's <c>cpus=N</c>: certainly no event and no gap.</summary>
    NotAnEvent,

    /// <summary>Anything the reference parser cannot classify with confidence (prose, a cut line, garbage).</summary>
    Unknown,
}
