namespace TraceLab.Store.Metadata;

/// <summary>
/// What a store knows about how it was made: its inputs, its time unit, its counts and the ingest issues. Written as
/// one JSON section (docs/store-format.md); small by construction (issue samples are capped).
/// </summary>
public sealed class StoreMetadata
{
    /// <summary>Version of TraceLab that wrote the store.</summary>
    public string Writer { get; set; } = "";

    /// <summary>The inputs, in the order they were ingested; the <c>file</c> columns index this list.</summary>
    public List<SourceInfo> Sources { get; set; } = [];

    /// <summary>"ns" when timestamps are nanoseconds, "ticks" when they are raw counter values.</summary>
    public string TimeUnit { get; set; } = "ns";

    /// <summary>Counter frequency used to convert ticks to ns (0 when TimeUnit is "ns" or unknown).</summary>
    public long ClockHz { get; set; }

    public long Events { get; set; }

    public long Exits { get; set; }

    public long Entries { get; set; }

    /// <summary>First and last event time in the store's time unit.</summary>
    public long FirstTimestamp { get; set; }

    public long LastTimestamp { get; set; }

    /// <summary>The vCPU threads seen: one entry per (vm, vcpu, tid).</summary>
    public List<VcpuInfo> Vcpus { get; set; } = [];

    /// <summary>Ingest issues by kind, with a few samples each.</summary>
    public List<IssueSummary> Issues { get; set; } = [];
}
