namespace TraceLab.Ingest.Text;

/// <summary>The text trace formats TraceLab reads. The line grammar is shared; the format decides a few ambiguities.</summary>
public enum TraceFormat
{
    /// <summary>Sniff from the first kilobytes.</summary>
    Auto = 0,

    /// <summary><c>/sys/kernel/tracing/trace</c> (with its '#' header) or <c>trace_pipe</c> (without).</summary>
    Ftrace,

    /// <summary><c>trace-cmd report</c>: <c>cpus=N</c> header, optional <c>instance:</c> prefix, padded event names.</summary>
    TraceCmd,

    /// <summary><c>perf script</c> default output: <c>comm tid [cpu] sec.usec: group:event: payload</c>.</summary>
    PerfScript,
}
