using TraceLab.Store.Schema;

namespace TraceLab.Store;

/// <summary>The footer's content: the index of everything in the file (docs/store-format.md, "Footer").</summary>
internal sealed class StoreFooter
{
    public List<TableSchema> Tables { get; } = [];

    /// <summary>Row groups of all tables in file order; those of one table are in row order.</summary>
    public List<RowGroupEntry> RowGroups { get; } = [];

    public List<StringPoolEntry> StringPools { get; } = [];

    /// <summary>The metadata JSON; length 0 when the writer wrote none.</summary>
    public BlobEntry Metadata { get; set; }
}
