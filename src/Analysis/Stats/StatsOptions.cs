namespace TraceLab.Analysis.Stats;

/// <summary>What to compute; mirrors the options of <c>tracelab stats</c>.</summary>
public sealed record StatsOptions
{
    /// <summary>The largest group whose percentiles are computed by sorting; bigger groups use the histogram.</summary>
    public const int DefaultExactPercentileLimit = 4096;

    public StatsGrouping GroupBy { get; init; } = StatsGrouping.Reason;

    public StatsEvent Event { get; init; } = StatsEvent.VmExit;

    /// <summary>Only events of this vCPU id (in any VM unless <see cref="Vm"/> is set).</summary>
    public int? Vcpu { get; init; }

    /// <summary>Only events of this VM.</summary>
    public int? Vm { get; init; }

    /// <summary>Threads used to scan row groups; -1 = one per core. The result is the same for every value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Groups with at most this many paired values get exact percentiles (values kept and sorted).</summary>
    public int ExactPercentileLimit { get; init; } = DefaultExactPercentileLimit;
}
