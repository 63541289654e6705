using TraceLab.Replay.Checking;
using TraceLab.Replay.Model;

namespace TraceLab.Replay.Output;

/// <summary>Everything <c>tracelab replay</c> found (docs/replay.md describes each field).</summary>
public sealed record ReplayReport
{
    /// <summary>"tdx", "vmx", "svm" or "mixed" (VMs of several kinds), after --mode.</summary>
    public required string Mode { get; init; }

    public required KernelProfile Kernel { get; init; }

    /// <summary>Episodes seen (kvm_exit to kvm_entry, plus exit-less KVM_RUN endings).</summary>
    public required long Episodes { get; init; }

    /// <summary>Episodes the model could judge.</summary>
    public required long Decided { get; init; }

    /// <summary>"ns" or "ticks" (latencies are in the store's time unit).</summary>
    public required string TimeUnit { get; init; }

    /// <summary>Listed divergences (at most ReplayOptions.MaxListed), in input order per store.</summary>
    public required IReadOnlyList<Divergence> Divergences { get; init; }

    /// <summary>Every divergence counted, listed or not.</summary>
    public required long DivergenceCount { get; init; }

    public required IReadOnlyList<(string Rule, long Count)> Rules { get; init; }

    public required IReadOnlyList<LeafSummary> Leaves { get; init; }

    public required IReadOnlyList<VmSummary> Vms { get; init; }

    public required IReadOnlyList<UndecidableCount> Undecidable { get; init; }

    public bool HasErrors => Rules.Any(r => RuleCatalog.Get(r.Rule).Severity == Severity.Error);
}
