namespace TraceLab.Analysis.Stats;

/// <summary>What <c>tracelab stats --by</c> groups rows by.</summary>
public enum StatsGrouping
{
    /// <summary>By the event key: exit reason (isa, full code) for vmexit, the access for mmio/ioport/msr, the KVM_EXIT reason for userspace.</summary>
    Reason,

    /// <summary>By (vm, vcpu).</summary>
    Vcpu,

    /// <summary>By vm.</summary>
    Vm,

    /// <summary>By the event key and (vm, vcpu).</summary>
    ReasonVcpu,
}
