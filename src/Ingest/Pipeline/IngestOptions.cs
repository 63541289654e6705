using TraceLab.Ingest.Text;

namespace TraceLab.Ingest.Pipeline;

/// <summary>How to ingest.</summary>
public sealed class IngestOptions
{
    /// <summary>Text format; <see cref="TraceFormat.Auto"/> sniffs each input.</summary>
    public TraceFormat Format { get; init; } = TraceFormat.Auto;

    /// <summary>Counter-clock frequency: converts tick timestamps to ns. 0 keeps ticks (labelled "ticks").</summary>
    public long ClockHz { get; init; }

    /// <summary>Parser threads (the merge runs on one more). Default: one per core.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Bytes per chunk handed to a parser thread (4 MiB: large enough to amortise, small enough that the
    /// few chunks in flight keep peak memory well under 300 MB).</summary>
    public int ChunkBytes { get; init; } = 4 << 20;

    /// <summary>Receives progress after each merged chunk (from the merge thread).</summary>
    public IProgress<IngestProgress>? Progress { get; init; }

    /// <summary>Text written to the metadata's writer field.</summary>
    public string Writer { get; init; } = "tracelab";
}
