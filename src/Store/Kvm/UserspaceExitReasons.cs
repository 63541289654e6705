using System.Collections.Frozen;

namespace TraceLab.Store.Kvm;

/// <summary>
/// KVM_EXIT_* codes (spec §2.1) as kvm_userspace_exit prints them. A 6.18 kernel's symbol list stops at 30, so
/// larger codes print as hex, e.g. <c>reason 0x28 (40)</c> for KVM_EXIT_TDX (spec §1.1).
/// </summary>
public static class UserspaceExitReasons
{
    public const int Unknown = 0;
    public const int Exception = 1;
    public const int Io = 2;
    public const int Hypercall = 3;
    public const int Hlt = 5;
    public const int Mmio = 6;
    public const int IrqWindowOpen = 7;
    public const int Shutdown = 8;
    public const int FailEntry = 9;
    public const int Intr = 10;
    public const int InternalError = 17;
    public const int SystemEvent = 24;
    public const int X86Rdmsr = 29;
    public const int X86Wrmsr = 30;
    public const int MemoryFault = 39;
    public const int Tdx = 40;

    /// <summary>The upstream names, without the <c>KVM_EXIT_</c> prefix.</summary>
    public static FrozenDictionary<int, string> Names { get; } = new Dictionary<int, string>
    {
        [0] = "UNKNOWN", [1] = "EXCEPTION", [2] = "IO", [3] = "HYPERCALL", [4] = "DEBUG", [5] = "HLT", [6] = "MMIO",
        [7] = "IRQ_WINDOW_OPEN", [8] = "SHUTDOWN", [9] = "FAIL_ENTRY", [10] = "INTR", [11] = "SET_TPR",
        [12] = "TPR_ACCESS", [13] = "S390_SIEIC", [14] = "S390_RESET", [15] = "DCR", [16] = "NMI",
        [17] = "INTERNAL_ERROR", [18] = "OSI", [19] = "PAPR_HCALL", [20] = "S390_UCONTROL", [21] = "WATCHDOG",
        [22] = "S390_TSCH", [23] = "EPR", [24] = "SYSTEM_EVENT", [25] = "S390_STSI", [26] = "IOAPIC_EOI",
        [27] = "HYPERV", [28] = "ARM_NISV", [29] = "X86_RDMSR", [30] = "X86_WRMSR", [31] = "DIRTY_RING_FULL",
        [32] = "AP_RESET_HOLD", [33] = "X86_BUS_LOCK", [34] = "XEN", [35] = "RISCV_SBI", [36] = "RISCV_CSR",
        [37] = "NOTIFY", [38] = "LOONGARCH_IOCSR", [39] = "MEMORY_FAULT", [40] = "TDX", [41] = "ARM_SEA",
    }.ToFrozenDictionary();

    /// <summary>Display name: <c>KVM_EXIT_IO</c>, or <c>KVM_EXIT_#57</c> for a code no kernel names.</summary>
    public static string DisplayName(int code) =>
        Names.TryGetValue(code, out string? name) ? "KVM_EXIT_" + name : "KVM_EXIT_#" + code.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
