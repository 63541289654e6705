namespace TraceLab.Synth;

/// <summary>How timestamps are printed. The generator keeps integer nanoseconds internally and never uses floating point.</summary>
public enum TimestampStyle
{
    /// <summary><c>sec.usec</c> with 6 digits, as ftrace and default trace-cmd/perf print it; the text truncates the nanoseconds.</summary>
    Usec = 0,

    /// <summary><c>sec.nsec</c> with 9 digits (trace-cmd report <c>-t</c>, perf script <c>--ns</c>).</summary>
    Nsec = 1,

    /// <summary>A bare integer counter, as ftrace and trace-cmd print the <c>x86-tsc</c> clock; values are TSC ticks.</summary>
    RawCounter = 2,
}
