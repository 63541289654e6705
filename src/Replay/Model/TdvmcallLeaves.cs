namespace TraceLab.Replay.Model;

/// <summary>
/// The TDVMCALL leaves replay can tell apart (spec §14): the morphed leaves by their kvm_exit reason, the 0x1000x
/// leaves of a TDCALL exit only by the userspace exit that follows.
/// </summary>
public static class TdvmcallLeaves
{
    public const string MapGpa = "MapGPA";
    public const string ReportFatalError = "ReportFatalError";

    /// <summary>KVM_EXIT_TDX: GetQuote, GetTdVmCallInfo(R12 = 1) or SetupEventNotifyInterrupt — a text trace cannot say which.</summary>
    public const string ExitTdx = "GetQuote/GetTdVmCallInfo/SetupEventNotify";

    /// <summary>A TDCALL that resumed at once: GetTdVmCallInfo(0), a rejected operand, an unknown leaf.</summary>
    public const string InKernel = "TDCALL handled in kernel or rejected";

    public const string Cpuid = "CPUID";
    public const string Hlt = "HLT";
    public const string Io = "IO";
    public const string Rdmsr = "RDMSR";
    public const string Wrmsr = "WRMSR";
    public const string Mmio = "#VE.RequestMMIO";
    public const string KvmHypercall = "KVM hypercall";
}
