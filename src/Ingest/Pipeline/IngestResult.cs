using TraceLab.Store.Metadata;

namespace TraceLab.Ingest.Pipeline;

/// <summary>What an ingest did: the store's metadata (counts, issues) and how long it took.</summary>
public sealed class IngestResult
{
    public required StoreMetadata Metadata { get; init; }

    public required long Bytes { get; init; }

    public required long Lines { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>False when a file ingest was not committed (the store was not written).</summary>
    public bool Committed { get; init; } = true;

    /// <summary>Input bytes per second.</summary>
    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / Elapsed.TotalSeconds : 0;
}
