namespace TraceLab.Synth;

/// <summary>The text layout the generator writes (corpus/real/README.md shows each one from a real 6.18 host).</summary>
public enum TraceFormat
{
    /// <summary><c>/sys/kernel/tracing/trace</c>: the <c>#</c> header block, then <c>comm-pid [cpu] flags ts: event: payload</c>.</summary>
    Ftrace = 0,

    /// <summary><c>trace_pipe</c>: the same lines as <see cref="Ftrace"/> without the header.</summary>
    TracePipe = 1,

    /// <summary><c>trace-cmd report</c>: <c>cpus=N</c>, optional instance prefix, no flag column, padded event names.</summary>
    TraceCmd = 2,

    /// <summary>Default <c>perf script</c>: <c>comm tid [cpu] ts: kvm:event: payload</c> with right-aligned event names.</summary>
    PerfScript = 3,
}
