using TraceLab.Store;
using TraceLab.Store.Metadata;

namespace TraceLab.Ingest.Pipeline;

/// <summary>Writes ingest's output into a store file (which encodes each row group at once).</summary>
internal sealed class StoreFileSink(StoreWriter writer) : IStoreSink
{
    public bool KeepsBatches => false;

    public void WriteRowGroup(ColumnBatch batch) => writer.WriteRowGroup(batch);

    public void WriteStringPool(string name, IReadOnlyList<string> values) => writer.WriteStringPool(name, values);

    public void WriteMetadata(StoreMetadata metadata) => writer.WriteMetadata(metadata);
}
