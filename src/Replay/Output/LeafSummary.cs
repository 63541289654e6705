namespace TraceLab.Replay.Output;

/// <summary>One row of the leaf breakdown: a TDVMCALL leaf (spec §14) with its handling latency, exit to kvm_entry.</summary>
public sealed record LeafSummary(string Leaf, long Count, long P50Ns, long P99Ns, bool Exact);
