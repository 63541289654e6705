using TraceLab.Store;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Pipeline;

/// <summary>Builds a <see cref="MemoryStore"/> (tests, and small traces analysed on the fly).</summary>
internal sealed class MemoryStoreSink : IStoreSink
{
    private readonly MemoryTable _events = new(EventColumns.Schema);
    private readonly MemoryTable _exits = new(ExitColumns.Schema);

    public MemoryStoreSink()
    {
        Store.AddTable(_events);
        Store.AddTable(_exits);
    }

    public MemoryStore Store { get; } = new();

    public bool KeepsBatches => true;

    public void WriteRowGroup(ColumnBatch batch)
    {
        if (ReferenceEquals(batch.Schema, EventColumns.Schema))
        {
            _events.Add(batch);
        }
        else
        {
            _exits.Add(batch);
        }
    }

    public void WriteStringPool(string name, IReadOnlyList<string> values) => Store.SetStringPool(name, values);

    public void WriteMetadata(StoreMetadata metadata) => Store.Metadata = metadata;
}
