using TraceLab.Store.Metadata;

namespace TraceLab.Store;

/// <summary>An in-memory store: what tests build by hand and what small on-the-fly ingests produce.</summary>
public sealed class MemoryStore : ITraceStore
{
    private readonly Dictionary<string, MemoryTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _pools = new(StringComparer.Ordinal);

    public StoreMetadata Metadata { get; set; } = new();

    public void AddTable(MemoryTable table) => _tables[table.Schema.Name] = table;

    public void SetStringPool(string name, IReadOnlyList<string> values) => _pools[name] = values;

    public ITableSource? GetTable(string name) => _tables.TryGetValue(name, out MemoryTable? t) ? t : null;

    public IReadOnlyList<string> GetStringPool(string name) =>
        _pools.TryGetValue(name, out IReadOnlyList<string>? pool) ? pool : [];

    public void Dispose()
    {
    }
}
