namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>The options turned into the flags the scan loops test (loop-invariant, so the branches predict perfectly).</summary>
internal sealed class ScanPlan
{
    public ScanPlan(StatsOptions options, StoreContext[] stores, int maxRows)
    {
        Options = options;
        Stores = stores;
        MaxRows = maxRows;
        UseKey = options.GroupBy is StatsGrouping.Reason or StatsGrouping.ReasonVcpu;
        UseVm = options.GroupBy is not StatsGrouping.Reason;
        UseVcpu = options.GroupBy is StatsGrouping.Vcpu or StatsGrouping.ReasonVcpu;
        FilterVm = options.Vm.HasValue;
        FilterVcpu = options.Vcpu.HasValue;
        WantVm = options.Vm ?? 0;
        WantVcpu = options.Vcpu ?? 0;
        NeedNames = options.Event == StatsEvent.VmExit && UseKey;
    }

    public StatsOptions Options { get; }

    public StoreContext[] Stores { get; }

    /// <summary>The largest row group of any table scanned: the length of every decode buffer.</summary>
    public int MaxRows { get; }

    /// <summary>The grouping includes the event key (reason, access, userspace code).</summary>
    public bool UseKey { get; }

    public bool UseVm { get; }

    public bool UseVcpu { get; }

    public bool FilterVm { get; }

    public bool FilterVcpu { get; }

    public long WantVm { get; }

    public long WantVcpu { get; }

    /// <summary>vm column needed (grouping or filter).</summary>
    public bool NeedVm => UseVm || FilterVm;

    public bool NeedVcpu => UseVcpu || FilterVcpu;

    /// <summary>Rows are named from the reasons pool (vmexit by reason).</summary>
    public bool NeedNames { get; }

    public long Secondary(long vm, long vcpu) => (UseVm ? vm << 32 : 0) | (UseVcpu ? (uint)vcpu : 0);

    /// <summary>Whether row <paramref name="i"/> passes the vm/vcpu filters (the spans are read only when a filter is set).</summary>
    public bool Matches(ReadOnlySpan<long> vm, ReadOnlySpan<long> vcpu, int i) =>
        (!FilterVm || vm[i] == WantVm) && (!FilterVcpu || vcpu[i] == WantVcpu);
}
