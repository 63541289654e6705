namespace TraceLab.Replay.Model;

/// <summary>Short constructors for <see cref="Outcome"/>s, so the models read like the spec's tables.</summary>
internal static class OutcomeBuilder
{
    public static CompanionSet Of(params Companion[] companions) => CompanionSet.Of(companions);

    /// <summary>The handler returns 1: kvm_entry follows, after <paramref name="required"/> and possibly <paramref name="allowed"/>.</summary>
    public static Outcome Resume(string name, string spec, CompanionSet required = default, CompanionSet allowed = default) => new()
    {
        Name = name,
        Boundary = BoundaryKind.Entry,
        Required = required,
        Allowed = allowed.Union(required),
        Spec = spec,
    };

    /// <summary>The handler returns 0 with <c>run->exit_reason = code</c>.</summary>
    public static Outcome Userspace(string name, int code, string spec, CompanionSet required = default, CompanionSet allowed = default) => new()
    {
        Name = name,
        Boundary = BoundaryKind.Userspace,
        UserspaceCode = code,
        Required = required,
        Allowed = allowed.Union(required),
        Spec = spec,
    };

    /// <summary>The handler returns -errno: KVM_RUN fails.</summary>
    public static Outcome RunError(string name, int errno, string spec, CompanionSet required = default, CompanionSet allowed = default) => new()
    {
        Name = name,
        Boundary = BoundaryKind.RunError,
        Errno = errno,
        Required = required,
        Allowed = allowed.Union(required),
        Spec = spec,
    };
}
