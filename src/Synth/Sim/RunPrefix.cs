namespace TraceLab.Synth.Sim;

/// <summary>What the next KVM_RUN does before its first kvm_entry (spec §12 "next RUN prefix").</summary>
internal enum RunPrefix : byte
{
    None = 0,

    /// <summary>Completion of an IN to userspace: <c>kvm_pio: pio_read … val</c>.</summary>
    PioRead = 1,

    /// <summary>Completion of an MMIO read from userspace: <c>kvm_mmio: mmio read … val</c>.</summary>
    MmioRead = 2,

    /// <summary>MapGPA completion: either done (entry) or the next 2 MiB chunk (another KVM_EXIT_HYPERCALL, no entry).</summary>
    MapGpa = 3,

    /// <summary>
    /// KVM_RUN fails before entering (an injected divergence): <c>kvm_fpu: unload</c>, then <c>kvm_userspace_exit</c>
    /// with <c>error (errno)</c>; the run after that enters normally.
    /// </summary>
    RunError = 4,
}
