using TraceLab.Store.Kvm;

namespace TraceLab.Replay.Model;

/// <summary>
/// One thing the kernel's handler can do with an exit (a row of spec §12): the companions it traces before the
/// boundary, the boundary, and what the next KVM_RUN traces before its kvm_entry. An outcome is allowed behaviour;
/// some are legal but still worth telling (<see cref="Finding"/>, e.g. TDH.VP.ENTER failing with a non-busy status).
/// </summary>
public sealed record Outcome
{
    /// <summary>Short description: "resume", "KVM_EXIT_IO to userspace (IN)".</summary>
    public required string Name { get; init; }

    public required BoundaryKind Boundary { get; init; }

    /// <summary>KVM_EXIT_* code for <see cref="BoundaryKind.Userspace"/>.</summary>
    public int UserspaceCode { get; init; } = -1;

    /// <summary>The errno of <see cref="BoundaryKind.RunError"/> (5 = EIO, 14 = EFAULT, 22 = EINVAL).</summary>
    public int Errno { get; init; }

    /// <summary>Companions the handler always traces before the boundary.</summary>
    public CompanionSet Required { get; init; }

    /// <summary>Companions it may trace before the boundary (includes <see cref="Required"/>).</summary>
    public CompanionSet Allowed { get; init; }

    /// <summary>Companions the completion callback always traces at the start of the next KVM_RUN, before kvm_entry.</summary>
    public CompanionSet PrefixRequired { get; init; }

    /// <summary>Companions the next KVM_RUN may trace before kvm_entry (includes <see cref="PrefixRequired"/>).</summary>
    public CompanionSet PrefixAllowed { get; init; }

    /// <summary>The next KVM_RUN may end in the same userspace exit again with no kvm_entry (MapGPA's 2 MiB chunks, §4.1).</summary>
    public bool Chains { get; init; }

    /// <summary>The hidden fact this outcome implies (§14), e.g. the TDVMCALL leaf of a TDCALL exit.</summary>
    public string? Leaf { get; init; }

    /// <summary>A legal outcome that still deserves a report (rule id), or null.</summary>
    public string? Finding { get; init; }

    /// <summary>What the outcome does to later KVM_RUNs of the VM or vCPU.</summary>
    public OutcomeEffect Effect { get; init; }

    /// <summary>The spec section this outcome transcribes.</summary>
    public required string Spec { get; init; }

    /// <summary>How the boundary reads in a trace: "kvm_entry", "kvm_userspace_exit KVM_EXIT_IO (2)", "error (5)".</summary>
    public string BoundaryText => Boundary switch
    {
        BoundaryKind.Entry => "kvm_entry",
        BoundaryKind.Userspace => $"kvm_userspace_exit {UserspaceExitReasons.DisplayName(UserspaceCode)} ({UserspaceCode})",
        _ => $"kvm_userspace_exit error ({Errno})",
    };
}
