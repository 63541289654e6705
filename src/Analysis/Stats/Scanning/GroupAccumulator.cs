namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>A report group after merging the workers: its count, its latencies, its userspace exits and where it was first seen.</summary>
internal sealed class GroupAccumulator
{
    public GroupAccumulator(int exactLimit) => Latency = new LatencyAccumulator(exactLimit);

    /// <summary>Every event of the group, paired or not.</summary>
    public long Count;

    public LatencyAccumulator Latency { get; }

    /// <summary>Userspace exits of the group's exits by <see cref="UserspaceCode"/>; null until the first one.</summary>
    public CodeCounter? Userspace;

    /// <summary>
    /// (store index &lt;&lt; 48 | table row) of the earliest row seen for the group, and that row's reasons-pool id. The
    /// name comes from the earliest row so the report does not depend on which worker saw the key first.
    /// </summary>
    public long FirstOrder = long.MaxValue;

    public long FirstReasonId = -1;
}
