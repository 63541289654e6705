namespace TraceLab.Synth;

/// <summary>
/// The replay rule id of each <see cref="DivergenceKind"/> (the ids of docs/rules.md, which are stable), which guest
/// mode can show it, and the lookups <c>tracelab synth --inject</c> uses.
/// </summary>
public static class DivergenceKinds
{
    private static readonly (DivergenceKind Kind, string Rule, SynthMode? Mode)[] s_table =
    [
        (DivergenceKind.UnexpectedUserspace, "exit.unexpected-userspace", null),
        (DivergenceKind.MissingUserspace, "exit.missing-userspace", null),
        (DivergenceKind.WrongUserspaceReason, "exit.wrong-userspace-reason", null),
        (DivergenceKind.HandlerMismatch, "exit.handler-mismatch", null),
        (DivergenceKind.MissingCompanion, "exit.missing-companion", null),
        (DivergenceKind.ConsecutiveExits, "exit.consecutive-exits", null),
        (DivergenceKind.OtherSmiToUserspace, "tdx.other-smi-to-userspace", SynthMode.Tdx),
        (DivergenceKind.MsmiResumed, "tdx.msmi-resumed", SynthMode.Tdx),
        (DivergenceKind.NmiToUserspace, "tdx.nmi-to-userspace", SynthMode.Tdx),
        (DivergenceKind.UserspaceWithoutExit, "tdx.userspace-without-exit", SynthMode.Tdx),
        (DivergenceKind.EnterFailed, "tdx.enter-failed", SynthMode.Tdx),
        (DivergenceKind.OperandBusyStorm, "tdx.operand-busy-storm", SynthMode.Tdx),
        (DivergenceKind.EntryFailure, "tdx.entry-failure", SynthMode.Tdx),
        (DivergenceKind.FailedEntryResumed, "tdx.failed-entry-resumed", SynthMode.Tdx),
        (DivergenceKind.BusLockMorph, "tdx.bus-lock-morph", SynthMode.Tdx),
        (DivergenceKind.Injection, "tdx.injection", SynthMode.Tdx),
        (DivergenceKind.Emulation, "tdx.emulation", SynthMode.Tdx),
        (DivergenceKind.EntryInjection, "tdx.entry-injection", SynthMode.Tdx),
        (DivergenceKind.InvalidExitInfo, "tdx.invalid-exit-info", SynthMode.Tdx),
        (DivergenceKind.ExitTdxWithoutTdcall, "tdx.exit-tdx-without-tdcall", SynthMode.Tdx),
        (DivergenceKind.FatalResumed, "tdx.fatal-resumed", SynthMode.Tdx),
        (DivergenceKind.SharedFetchResumed, "tdx.shared-fetch-resumed", SynthMode.Tdx),
        (DivergenceKind.PrivateFaultCode, "tdx.private-fault-code", SynthMode.Tdx),
        (DivergenceKind.VmxStyleQualification, "tdx.vmx-style-qualification", SynthMode.Tdx),
        (DivergenceKind.MapGpaBadReturn, "tdx.mapgpa-bad-ret", SynthMode.Tdx),
        (DivergenceKind.UnhandledReasonResumed, "tdx.unhandled-reason-resumed", SynthMode.Tdx),
        (DivergenceKind.VmxFailedEntryResumed, "vmx.failed-entry-resumed", SynthMode.Vmx),
        (DivergenceKind.VmxTdcallInternalError, "vmx.tdx-instruction-internal-error", SynthMode.Vmx),
    ];

    /// <summary>Every injectable kind, in declaration order.</summary>
    public static IReadOnlyList<DivergenceKind> All { get; } = [.. s_table.Select(k => k.Kind)];

    /// <summary>True for a defined kind other than <see cref="DivergenceKind.None"/>.</summary>
    public static bool IsDefined(DivergenceKind kind) => Find(kind) >= 0;

    /// <summary>The replay rule id reported for <paramref name="kind"/> (<c>tdx.msmi-resumed</c>, …).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not an injectable kind.</exception>
    public static string RuleId(DivergenceKind kind)
    {
        int i = Find(kind);
        return i >= 0 ? s_table[i].Rule : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an injectable divergence kind");
    }

    /// <summary>The kind whose rule id is <paramref name="ruleId"/> (exact, case-insensitive).</summary>
    public static bool TryParse(string ruleId, out DivergenceKind kind)
    {
        foreach (var (k, rule, _) in s_table)
        {
            if (string.Equals(rule, ruleId, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = DivergenceKind.None;
        return false;
    }

    /// <summary>Whether a guest of <paramref name="mode"/> can show <paramref name="kind"/> (the tdx.* rules are TD-only, vmx.* VMX-only).</summary>
    public static bool AppliesTo(DivergenceKind kind, SynthMode mode)
    {
        int i = Find(kind);
        return i >= 0 && (s_table[i].Mode is null || s_table[i].Mode == mode);
    }

    /// <summary>
    /// Why <paramref name="kind"/> cannot be injected with <paramref name="options"/> (mode, kernel generation, kvm plugin,
    /// VM count), or null when it can.
    /// </summary>
    public static string? Obstacle(DivergenceKind kind, SynthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int i = Find(kind);
        if (i < 0)
        {
            return $"unknown divergence kind {(int)kind}";
        }

        (_, string rule, SynthMode? mode) = s_table[i];
        if (mode is SynthMode only && only != options.Mode)
        {
            return $"{rule} is a {(only == SynthMode.Tdx ? "TDX" : "VMX")}-only divergence; it needs Mode = {only}";
        }

        return kind switch
        {
            DivergenceKind.NmiToUserspace or DivergenceKind.EntryInjection when options.KvmPlugin =>
                $"{rule} needs intr_info, which the kvm plugin does not print",
            DivergenceKind.MapGpaBadReturn when options.Generation < KernelGeneration.V6_18 =>
                $"{rule} needs Generation = V6_18: Linux 6.16 answers a bad hypercall.ret with INVALID_OPERAND and resumes",
            DivergenceKind.UserspaceWithoutExit when options.VmCount < 2 =>
                $"{rule} ends the VM it hits (KVM marks it bugged); it needs VmCount >= 2 so the trace goes on",
            _ => null,
        };
    }

    /// <summary>Every kind <paramref name="options"/> can inject (<c>--inject all</c>).</summary>
    public static IReadOnlyList<DivergenceKind> For(SynthOptions options) => [.. All.Where(k => Obstacle(k, options) is null)];

    private static int Find(DivergenceKind kind)
    {
        for (int i = 0; i < s_table.Length; i++)
        {
            if (s_table[i].Kind == kind)
            {
                return i;
            }
        }

        return -1;
    }
}
