using System.Collections.Immutable;

namespace TraceLab.Replay.Model;

/// <summary>
/// The model's answer for one exit: every outcome the kernel's code can produce, plus the rule to report when the
/// trace shows something else, so that a divergence names the specific signature of spec §13 rather than a generic
/// mismatch.
/// </summary>
public sealed record ExitPrediction
{
    /// <remarks>An immutable array rather than a list interface: replay walks it several times per exit, and
    /// enumerating through the interface costs an allocation and interface dispatch each time.</remarks>
    public required ImmutableArray<Outcome> Outcomes { get; init; }

    /// <summary>Which branch of the handler the exit takes, for messages: "tdx_handle_exit: OTHER_SMI (non-MSMI) → return 1".</summary>
    public required string Branch { get; init; }

    /// <summary>The spec section of the branch.</summary>
    public required string Spec { get; init; }

    /// <summary>Rule when the handler resumes but the trace shows a userspace exit.</summary>
    public string UnexpectedUserspaceRule { get; init; } = RuleIds.UnexpectedUserspace;

    /// <summary>Rule when the handler must leave KVM_RUN but the trace shows kvm_entry.</summary>
    public string MissingUserspaceRule { get; init; } = RuleIds.MissingUserspace;

    /// <summary>Findings that follow from the exit line alone (e.g. a -1u reason with non-zero info fields, §3.3).</summary>
    public ImmutableArray<(string Rule, string Message)> ExitFindings { get; init; } = [];

    /// <summary>Companions allowed before the boundary by any outcome.</summary>
    public CompanionSet AnyAllowed
    {
        get
        {
            var all = CompanionSet.Empty;
            foreach (Outcome o in Outcomes)
            {
                all = all.Union(o.Allowed);
            }

            return all;
        }
    }

    /// <summary>Some outcome resumes the guest.</summary>
    public bool AnyResume
    {
        get
        {
            foreach (Outcome o in Outcomes)
            {
                if (o.Boundary == BoundaryKind.Entry)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
