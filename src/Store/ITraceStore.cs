using TraceLab.Store.Metadata;

namespace TraceLab.Store;

/// <summary>
/// A store as the analysis side sees it: metadata, tables and string pools. Implemented by the on-disk reader and
/// by <see cref="MemoryStore"/>.
/// </summary>
public interface ITraceStore : IDisposable
{
    StoreMetadata Metadata { get; }

    /// <summary>The named table ("events", "exits"), or null when the store has none.</summary>
    ITableSource? GetTable(string name);

    /// <summary>The named string pool ("tasks", "event_names", "reasons", "files"); empty when absent.</summary>
    IReadOnlyList<string> GetStringPool(string name);
}
