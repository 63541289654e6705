namespace TraceLab.Synth;

/// <summary>
/// Kernel generations whose kvm tracepoints print differently (spec §1.3). Boundaries are approximate, as the spec says;
/// each value is named after the oldest kernel that prints the variant it stands for.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Kernel versions: V6_18 reads as 6.18, V618 would not.")]
public enum KernelGeneration
{
    /// <summary>~2.6.3x: <c>reason %s rip 0x%lx</c> with lower-case names, <c>kvm_entry: vcpu %u</c>, no flag column.</summary>
    V2_6 = 0,

    /// <summary>~3.x–5.3: <c>reason %s rip 0x%lx info %llx %llx</c>, <c>kvm_entry: vcpu %u</c>, 4 flag characters.</summary>
    V4 = 1,

    /// <summary>~5.4–5.8: <c>vcpu %u</c> added in front of kvm_exit.</summary>
    V5_4 = 2,

    /// <summary>~5.9–6.9: info1/info2/intr_info/error_code and FAILED_VMENTRY flags; <c>kvm_entry: vcpu %u, rip 0x%lx</c>.</summary>
    V5_9 = 3,

    /// <summary>~6.10–6.13: kvm_entry gains <c>[immediate exit]</c>; kvm_inj_virq prints <c>IRQ 0x%x</c>.</summary>
    V6_10 = 4,

    /// <summary>~6.14–6.15: kvm_exit gains <c>requests</c>, kvm_entry gains intr_info/error_code; TDCALL still prints <c>0x4d</c>.</summary>
    V6_14 = 5,

    /// <summary>6.16–6.17: first kernels with TDX host support; TDCALL has a name (spec §8).</summary>
    V6_16 = 6,

    /// <summary>6.18: the formats of spec §1.1 exactly (the default).</summary>
    V6_18 = 7,
}
