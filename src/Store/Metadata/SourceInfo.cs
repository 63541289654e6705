namespace TraceLab.Store.Metadata;

/// <summary>One ingested input.</summary>
public sealed class SourceInfo
{
    /// <summary>Path as given on the command line ("-" for stdin).</summary>
    public string Path { get; set; } = "";

    /// <summary>Detected or forced format: ftrace, trace-cmd, perf-script.</summary>
    public string Format { get; set; } = "";

    /// <summary>Decompressed bytes read.</summary>
    public long Bytes { get; set; }

    public long Lines { get; set; }

    public long Events { get; set; }
}
