using TraceLab.Ingest.Pipeline;
using TraceLab.Store;
using TraceLab.Store.Metadata;

namespace TraceLab.Benchmarks;

/// <summary>
/// A store sink that keeps nothing: row groups are dropped (and their batches reused by the caller), so a benchmark
/// of the merge step measures the merge and not the encoding or the disk.
/// </summary>
internal sealed class NullStoreSink : IStoreSink
{
    public bool KeepsBatches => false;

    /// <summary>Rows handed over so far (both tables), so the work cannot be optimised away.</summary>
    public long Rows { get; private set; }

    public void WriteRowGroup(ColumnBatch batch) => Rows += batch.Count;

    public void WriteStringPool(string name, IReadOnlyList<string> values)
    {
    }

    public void WriteMetadata(StoreMetadata metadata)
    {
    }
}
