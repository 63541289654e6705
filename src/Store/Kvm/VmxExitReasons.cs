using System.Collections.Frozen;

namespace TraceLab.Store.Kvm;

/// <summary>
/// VMX basic exit reasons and the names kvm_exit prints for them.
/// Source: spec §1.2 (VMX_EXIT_REASONS as printed by a 6.18 kernel), §8 (OTHER_SMI 6 and SEAMCALL 76 are not in the
/// table, so the kernel prints <c>0x6</c> / <c>0x4c</c>; TDCALL 77 joined the table in v6.16, older kernels print <c>0x4d</c>).
/// </summary>
public static class VmxExitReasons
{
    public const uint ExceptionNmi = 0;
    public const uint ExternalInterrupt = 1;
    public const uint TripleFault = 2;
    public const uint InitSignal = 3;
    public const uint SipiSignal = 4;
    public const uint OtherSmi = 6;
    public const uint InterruptWindow = 7;
    public const uint NmiWindow = 8;
    public const uint TaskSwitch = 9;
    public const uint Cpuid = 10;
    public const uint Hlt = 12;
    public const uint Vmcall = 18;
    public const uint CrAccess = 28;
    public const uint IoInstruction = 30;
    public const uint MsrRead = 31;
    public const uint MsrWrite = 32;
    public const uint InvalidState = 33;
    public const uint MsrLoadFail = 34;
    public const uint MceDuringVmentry = 41;
    public const uint ApicAccess = 44;
    public const uint EptViolation = 48;
    public const uint EptMisconfig = 49;
    public const uint PreemptionTimer = 52;
    public const uint ApicWrite = 56;
    public const uint BusLock = 74;
    public const uint Notify = 75;
    public const uint Seamcall = 76;
    public const uint Tdcall = 77;

    /// <summary>Bit 31 of the full exit reason: VM entry failed (printed as the <c>FAILED_VMENTRY</c> flag).</summary>
    public const uint FailedVmentryFlag = 0x8000_0000;

    /// <summary>Bit 26: the exit was preempted by a bus lock (printed as a leftover hex flag, e.g. <c>0x4000000</c>).</summary>
    public const uint BusLockDetectedFlag = 0x0400_0000;

    /// <summary>The "invalid" full exit reason KVM uses for a TDH.VP.ENTER error (spec §3.2/§3.3).</summary>
    public const uint TdxInvalid = 0xFFFF_FFFF;

    /// <summary>The names a 6.18 kernel prints (spec §1.2), by basic exit reason.</summary>
    public static FrozenDictionary<uint, string> Names { get; } = new Dictionary<uint, string>
    {
        [0] = "EXCEPTION_NMI", [1] = "EXTERNAL_INTERRUPT", [2] = "TRIPLE_FAULT", [3] = "INIT_SIGNAL", [4] = "SIPI_SIGNAL",
        [7] = "INTERRUPT_WINDOW", [8] = "NMI_WINDOW", [9] = "TASK_SWITCH", [10] = "CPUID", [12] = "HLT", [13] = "INVD",
        [14] = "INVLPG", [15] = "RDPMC", [16] = "RDTSC", [18] = "VMCALL", [19] = "VMCLEAR", [20] = "VMLAUNCH",
        [21] = "VMPTRLD", [22] = "VMPTRST", [23] = "VMREAD", [24] = "VMRESUME", [25] = "VMWRITE", [26] = "VMOFF",
        [27] = "VMON", [28] = "CR_ACCESS", [29] = "DR_ACCESS", [30] = "IO_INSTRUCTION", [31] = "MSR_READ",
        [32] = "MSR_WRITE", [33] = "INVALID_STATE", [34] = "MSR_LOAD_FAIL", [36] = "MWAIT_INSTRUCTION",
        [37] = "MONITOR_TRAP_FLAG", [39] = "MONITOR_INSTRUCTION", [40] = "PAUSE_INSTRUCTION",
        [41] = "MCE_DURING_VMENTRY", [43] = "TPR_BELOW_THRESHOLD", [44] = "APIC_ACCESS", [45] = "EOI_INDUCED",
        [46] = "GDTR_IDTR", [47] = "LDTR_TR", [48] = "EPT_VIOLATION", [49] = "EPT_MISCONFIG", [50] = "INVEPT",
        [51] = "RDTSCP", [52] = "PREEMPTION_TIMER", [53] = "INVVPID", [54] = "WBINVD", [55] = "XSETBV",
        [56] = "APIC_WRITE", [57] = "RDRAND", [58] = "INVPCID", [59] = "VMFUNC", [60] = "ENCLS", [61] = "RDSEED",
        [62] = "PML_FULL", [63] = "XSAVES", [64] = "XRSTORS", [67] = "UMWAIT", [68] = "TPAUSE", [74] = "BUS_LOCK",
        [75] = "NOTIFY", [77] = "TDCALL", [84] = "MSR_READ_IMM", [85] = "MSR_WRITE_IMM",
    }.ToFrozenDictionary();

    /// <summary>
    /// Names for reasons the kernel's table lacks, so TraceLab can still say what <c>0x6</c> is (the issue asks for
    /// OTHER_SMI for 0x6). These are the uapi vmx.h names (spec §8).
    /// </summary>
    public static FrozenDictionary<uint, string> UnprintedNames { get; } = new Dictionary<uint, string>
    {
        [6] = "OTHER_SMI", [76] = "SEAMCALL", [77] = "TDCALL",
    }.ToFrozenDictionary();

    /// <summary>
    /// Every spelling that maps to a basic reason: the 6.18 names, names that were renamed (PENDING_INTERRUPT), the
    /// lower-case names of 2.6-era kernels (exit_reasons_str), and the uapi names of unprinted reasons.
    /// </summary>
    public static FrozenDictionary<string, uint> ByName { get; } = BuildByName();

    /// <summary>The kernel name of a full exit reason's basic part, or null when no name exists.</summary>
    public static string? NameOf(uint fullReason)
    {
        uint basic = fullReason & 0xFFFF;
        if (Names.TryGetValue(basic, out string? name))
        {
            return name;
        }

        return UnprintedNames.TryGetValue(basic, out name) ? name : null;
    }

    private static FrozenDictionary<string, uint> BuildByName()
    {
        var map = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var (code, name) in Names)
        {
            map[name] = code;
        }

        foreach (var (code, name) in UnprintedNames)
        {
            map[name] = code;
        }

        // Older kernels' spellings (arch/x86/include/uapi/asm/vmx.h history, spec §16).
        map["PENDING_INTERRUPT"] = 7;
        map["EXCEPTION"] = 0;

        // 2.6.3x kvm_exit printed vmx.c's exit_reasons_str in lower case. Names shared with SVM ("cpuid", "invlpg",
        // "wbinvd", "task_switch", ...) are resolved by SvmExitReasons first; these are the VMX-only spellings.
        map["exception"] = 0;
        map["ext_irq"] = 1;
        map["triple_fault"] = 2;
        map["nmi_window"] = 8;
        map["io_instruction"] = 30;
        map["cr_access"] = 28;
        map["dr_access"] = 29;
        map["rdmsr"] = 31;
        map["wrmsr"] = 32;
        map["interrupt_window"] = 7;
        map["halt"] = 12;
        map["tpr_below_thres"] = 43;
        map["apic_access"] = 44;
        map["ept_violation"] = 48;
        map["ept_misconfig"] = 49;
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
