using TraceLab.Store;
using TraceLab.Store.Metadata;

namespace TraceLab.Ingest.Pipeline;

/// <summary>Where ingest puts what it made: a store file being written, or an in-memory store.</summary>
internal interface IStoreSink
{
    /// <summary>True when the sink keeps the batch it is given (so the caller must not reuse it).</summary>
    bool KeepsBatches { get; }

    void WriteRowGroup(ColumnBatch batch);

    void WriteStringPool(string name, IReadOnlyList<string> values);

    void WriteMetadata(StoreMetadata metadata);
}
