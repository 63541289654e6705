using TraceLab.Store;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>One input store as the scanners see it: its tables, and what the engine learned about them up front.</summary>
internal sealed class StoreContext
{
    public StoreContext(int index, ITraceStore store)
    {
        Index = index;
        Store = store;
        Exits = store.GetTable("exits");
        Events = store.GetTable("events");
        CompanionLastColumn = Exits?.Schema.IndexOf("companion_last") ?? -1;
        int eventGroups = Events?.RowGroupCount ?? 0;
        EventGroupFirstRows = new long[eventGroups];
        for (int g = 0; g < eventGroups; g++)
        {
            EventGroupFirstRows[g] = Events!.RowGroupFirstRow(g);
        }

        Boundaries = new UserspaceBoundary?[eventGroups];
    }

    public int Index { get; }

    public ITraceStore Store { get; }

    public ITableSource? Exits { get; }

    public ITableSource? Events { get; }

    /// <summary>Column index of companion_last (newer stores), or -1: then companions are bounded by their count only.</summary>
    public int CompanionLastColumn { get; }

    /// <summary>First row of each event row group, for finding the group that holds a companion row.</summary>
    public long[] EventGroupFirstRows { get; }

    /// <summary>Per event row group (userspace mode): what the group leaves for its neighbours; null when skipped.</summary>
    public UserspaceBoundary?[] Boundaries { get; }

    /// <summary>The table-order key of a row: store index in the top 16 bits, row number below.</summary>
    public long OrderOf(long row) => ((long)Index << 48) | row;
}
