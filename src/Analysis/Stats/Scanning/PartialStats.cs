using System.Runtime.CompilerServices;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// One worker's accumulators, in flat arrays indexed by the worker's dense group index. Each worker has its own, so
/// the hot loops take no locks; <see cref="MergeInto"/> folds them into the report's accumulators with
/// order-independent operations (sums, min/max, histogram sums), so the result does not depend on thread count or
/// scheduling. The per-row-group column passes are in PartialStats.Passes.cs.
/// </summary>
internal sealed partial class PartialStats : IDisposable
{
    private const int BlockRows = 4096;

    private readonly int _exactLimit;
    private GroupStats[] _stats = new GroupStats[16];
    private long[]?[] _exact = new long[16][];
    private CodeCounter?[] _userspace = new CodeCounter?[16];
    private readonly HistogramSet _histograms = new();

    // Per-row-group scratch: each row's group, and the latencies sorted by group (see Accumulate).
    private readonly int[] _rowGroups;
    private readonly long[] _sorted;
    private int[] _perGroup = new int[17];
    private readonly int[] _byReason = new int[4 << 11]; // group + 1 by isa << 11 | code, 0 = not yet seen
    private long _lastSlowPrimary = -1;
    private int _lastSlowIndex;

    public PartialStats(ScanPlan plan)
    {
        Plan = plan;
        _exactLimit = plan.Options.ExactPercentileLimit;
        Buffers = new ColumnBuffers(plan.MaxRows);
        Companions = new CompanionFinder(plan);
        _rowGroups = new int[Math.Max(1, plan.MaxRows)];
        _sorted = new long[BlockRows];
    }

    public ScanPlan Plan { get; }

    public GroupKeyMap Groups { get; } = new();

    public CodeCounter UserspaceTotals { get; } = new();

    public ColumnBuffers Buffers { get; }

    public CompanionFinder Companions { get; }

    /// <summary>Stamp of the last <see cref="CollectNameCandidates"/> (see <see cref="GroupStats.SeenStamp"/>).</summary>
    public int Stamp { get; private set; }

    /// <summary>Rows (index in row group, group index) whose reason id must be read to name a group.</summary>
    public List<(int Row, int Group)> NameCandidates { get; } = [];

    /// <summary>Per-thread state of the userspace scanner, reused across row groups.</summary>
    public ThreadStates Threads { get; } = new();

    /// <summary>The group index of a key, creating the group on first sight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Slot(long primary, long secondary)
    {
        int index = Groups.GetOrAdd(primary, secondary, out bool added);
        if (added)
        {
            AddGroup(index);
        }

        return index;
    }

    /// <summary>
    /// The group of an exit reason when grouping by reason alone: a direct table for isa &lt; 4 and codes &lt; 2048
    /// (every basic VMX reason and nearly every SVM code), the hash map for the rest (flag bits, SVM 0x8000_000x).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SlotByReason(long isa, long code)
    {
        if ((ulong)isa < 4 && (ulong)code < 2048)
        {
            int direct = _byReason[(int)((isa << 11) | code)];
            if (direct != 0)
            {
                return direct - 1;
            }
        }

        return SlotByReasonSlow(isa, code);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref GroupStats Stats(int group) => ref _stats[group];

    /// <summary>
    /// Scratch with one entry per row of the current row group: the scanner writes each row's group (−1 for rows it
    /// skips) and then runs the column passes below over it.
    /// </summary>
    public Span<int> RowGroups(int rows) => _rowGroups.AsSpan(0, rows);

    public void AddUserspace(int group, long code) => (_userspace[group] ??= new CodeCounter()).Add(code);

    /// <summary>Folds group <paramref name="group"/> of this worker into a report accumulator.</summary>
    public void MergeInto(int group, GroupAccumulator target)
    {
        ref GroupStats s = ref _stats[group];
        ReadOnlySpan<long> exact = s.Paired <= _exactLimit && _exact[group] is { } values ? values.AsSpan(0, (int)s.Paired) : default;
        target.Count += s.Count;
        target.Latency.MergeCounts(s.Paired, s.Total, s.Min, s.Max, exact);
        _histograms.AddTo(group, target.Latency.Histogram);
        if (_userspace[group] is { } userspace)
        {
            (target.Userspace ??= new CodeCounter()).Merge(userspace);
        }

        if (s.FirstOrder < target.FirstOrder)
        {
            target.FirstOrder = s.FirstOrder;
            target.FirstReasonId = s.FirstReasonId;
        }
    }

    public void Dispose()
    {
        Buffers.Dispose();
        Companions.Dispose();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int SlotByReasonSlow(long isa, long code)
    {
        // Codes with flag bits (FAILED_VMENTRY) miss the direct table; they tend to come in bursts, so remember the last.
        long primary = (isa << 32) | (uint)code;
        if (primary == _lastSlowPrimary)
        {
            return _lastSlowIndex;
        }

        int index = Slot(primary, 0);
        _lastSlowPrimary = primary;
        _lastSlowIndex = index;
        if ((ulong)isa < 4 && (ulong)code < 2048)
        {
            _byReason[(int)((isa << 11) | code)] = index + 1;
        }

        return index;
    }

    private void AddGroup(int index)
    {
        if (index == _stats.Length)
        {
            int size = index * 2;
            Array.Resize(ref _stats, size);
            Array.Resize(ref _exact, size);
            Array.Resize(ref _userspace, size);
        }

        _stats[index] = GroupStats.Empty;
        _histograms.EnsureGroups(index + 1);
    }
}
