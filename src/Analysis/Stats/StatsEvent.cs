namespace TraceLab.Analysis.Stats;

/// <summary>What <c>tracelab stats --event</c> analyses (as <c>perf kvm stat report --event</c>).</summary>
public enum StatsEvent
{
    /// <summary>Every kvm_exit, keyed by exit reason; latency = handling time (exit → next entry).</summary>
    VmExit,

    /// <summary>Exits that did an MMIO access (kvm_mmio / kvm_fast_mmio companion), keyed by gpa and direction.</summary>
    Mmio,

    /// <summary>Exits that did port I/O (kvm_pio companion), keyed by port and direction.</summary>
    IoPort,

    /// <summary>Exits that accessed an MSR (kvm_msr companion), keyed by MSR index and direction.</summary>
    Msr,

    /// <summary>Every kvm_userspace_exit, keyed by its KVM_EXIT reason; latency = userspace exit → next kvm_entry.</summary>
    Userspace,
}
