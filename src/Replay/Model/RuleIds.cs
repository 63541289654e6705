namespace TraceLab.Replay.Model;

/// <summary>The stable ids of replay's rules (docs/rules.md has a section per id). Never renamed: CI gates filter on them.</summary>
public static class RuleIds
{
    public const string UnexpectedUserspace = "exit.unexpected-userspace";
    public const string MissingUserspace = "exit.missing-userspace";
    public const string WrongUserspaceReason = "exit.wrong-userspace-reason";
    public const string HandlerMismatch = "exit.handler-mismatch";
    public const string MissingCompanion = "exit.missing-companion";
    public const string ConsecutiveExits = "exit.consecutive-exits";

    public const string OtherSmiToUserspace = "tdx.other-smi-to-userspace";
    public const string MsmiResumed = "tdx.msmi-resumed";
    public const string NmiToUserspace = "tdx.nmi-to-userspace";
    public const string UserspaceWithoutExit = "tdx.userspace-without-exit";
    public const string EnterFailed = "tdx.enter-failed";
    public const string OperandBusyStorm = "tdx.operand-busy-storm";
    public const string EntryFailure = "tdx.entry-failure";
    public const string FailedEntryResumed = "tdx.failed-entry-resumed";
    public const string BusLockMorph = "tdx.bus-lock-morph";
    public const string Injection = "tdx.injection";
    public const string Emulation = "tdx.emulation";
    public const string EntryInjection = "tdx.entry-injection";
    public const string InvalidExitInfo = "tdx.invalid-exit-info";
    public const string ExitTdxWithoutTdcall = "tdx.exit-tdx-without-tdcall";
    public const string FatalResumed = "tdx.fatal-resumed";
    public const string SharedFetchResumed = "tdx.shared-fetch-resumed";
    public const string PrivateFaultCode = "tdx.private-fault-code";
    public const string VmxStyleQualification = "tdx.vmx-style-qualification";
    public const string MapGpaBadReturn = "tdx.mapgpa-bad-ret";
    public const string UnusableVmEntered = "tdx.unusable-vm-entered";
    public const string UnhandledReasonResumed = "tdx.unhandled-reason-resumed";

    public const string VmxTdcallInternalError = "vmx.tdx-instruction-internal-error";
    public const string VmxFailedEntryResumed = "vmx.failed-entry-resumed";
}
