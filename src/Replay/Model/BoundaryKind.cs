namespace TraceLab.Replay.Model;

/// <summary>How an exit's handling ends (spec §12 "boundary").</summary>
public enum BoundaryKind
{
    /// <summary>The handler returned 1: the guest is entered again (<c>kvm_entry</c>).</summary>
    Entry,

    /// <summary>The handler returned 0: KVM_RUN returns to userspace with a <c>KVM_EXIT_*</c> reason.</summary>
    Userspace,

    /// <summary>The handler returned a negative errno: KVM_RUN fails (<c>kvm_userspace_exit reason error (N)</c>).</summary>
    RunError,
}
