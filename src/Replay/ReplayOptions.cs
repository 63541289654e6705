using TraceLab.Replay.Model;

namespace TraceLab.Replay;

/// <summary>What <c>tracelab replay</c> was asked to do.</summary>
public sealed record ReplayOptions
{
    public ReplayModeOption Mode { get; init; } = ReplayModeOption.Auto;

    public KernelProfile Kernel { get; init; } = KernelProfile.Latest;

    /// <summary>Divergences kept for listing; all are counted (a broken trace must not exhaust memory).</summary>
    public int MaxListed { get; init; } = 100_000;

    /// <summary>Consecutive OPERAND_BUSY retries on one vCPU from which a storm is reported (spec §13 gives no threshold).</summary>
    public int BusyStormThreshold { get; init; } = 100;
}
