using TraceLab.Store.Kvm;

namespace TraceLab.Analysis.Stats;

/// <summary>One group of the report: its key and its statistics.</summary>
public sealed class StatsRow
{
    /// <summary>
    /// The event key's label: the kernel's reason name (vmexit), <c>0xfee00380:W</c> (mmio, msr), <c>0xc090:POUT</c>
    /// (ioport), <c>KVM_EXIT_IO</c> / <c>restart (4)</c> (userspace). Null when grouping by vcpu or vm only.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>
    /// The event key's number: the full 32-bit exit reason with flag bits (vmexit), the gpa / port / MSR index, or the
    /// <see cref="UserspaceCode"/>. Null when grouping by vcpu or vm only.
    /// </summary>
    public long? Code { get; init; }

    /// <summary>Instruction set of the exit reason (vmexit rows; <see cref="Isa.Unknown"/> otherwise).</summary>
    public Isa Isa { get; init; }

    /// <summary>"read" or "write" for mmio, ioport and msr rows; null otherwise.</summary>
    public string? Access { get; init; }

    /// <summary>VM id when the grouping includes it.</summary>
    public int? Vm { get; init; }

    /// <summary>vCPU id when the grouping includes it.</summary>
    public int? Vcpu { get; init; }

    public required LatencySummary Latency { get; init; }

    /// <summary>How many of the group's exits went to userspace, by reason (count descending). Empty in userspace mode.</summary>
    public IReadOnlyList<UserspaceCount> Userspace { get; init; } = [];
}
