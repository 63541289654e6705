namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// A worker's exact counters for one group, kept in an array of structs so the hot loop updates them through one
/// <c>ref</c> (one cache line) instead of an object per group.
/// </summary>
internal struct GroupStats
{
    public long Count;
    public long Paired;
    public long Total;
    public long Min;
    public long Max;

    /// <summary>(store &lt;&lt; 48 | row) of the earliest row seen, and its reasons-pool id (see <see cref="GroupAccumulator.FirstOrder"/>).</summary>
    public long FirstOrder;
    public long FirstReasonId;

    /// <summary>Row group stamp of the last time the group was seen (naming checks run once per group per row group).</summary>
    public int SeenStamp;

    public static GroupStats Empty => new() { Min = long.MaxValue, Max = long.MinValue, FirstOrder = long.MaxValue, FirstReasonId = -1 };
}
