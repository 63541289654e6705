using TraceLab.Store.Metadata;

namespace TraceLab.Analysis.Stats;

/// <summary>The result of <see cref="StatsEngine.Compute"/>: computed once, read by the writers.</summary>
public sealed class StatsReport
{
    public required StatsOptions Options { get; init; }

    /// <summary>"ns", or "ticks" when the stores' timestamps are raw counter values (the *Ns fields then hold ticks).</summary>
    public required string TimeUnit { get; init; }

    /// <summary>Events, exits and entries of the stores as ingest counted them (store metadata, not filtered).</summary>
    public long Events { get; init; }

    public long Exits { get; init; }

    public long Entries { get; init; }

    /// <summary>The groups, by count descending, then code, isa, vm, vcpu.</summary>
    public required IReadOnlyList<StatsRow> Rows { get; init; }

    /// <summary>Sum of the rows' counts, paired counts and total latency (the denominators of samples% and time%).</summary>
    public long TotalCount { get; init; }

    public long TotalPaired { get; init; }

    public long TotalNs { get; init; }

    /// <summary>vCPU threads (metadata), filtered by the vm/vcpu options, by vm, vcpu, tid.</summary>
    public required IReadOnlyList<VcpuSummary> Vcpus { get; init; }

    /// <summary>Every kvm_userspace_exit of the stores (vm/vcpu filters applied), by reason.</summary>
    public required IReadOnlyList<UserspaceCount> UserspaceExits { get; init; }

    /// <summary>Ingest issues merged across stores by kind (counts summed, samples concatenated up to a cap).</summary>
    public required IReadOnlyList<IssueSummary> Issues { get; init; }
}
