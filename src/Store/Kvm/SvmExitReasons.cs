using System.Collections.Frozen;

namespace TraceLab.Store.Kvm;

/// <summary>
/// SVM exit codes and the names kvm_exit prints for them (arch/x86/include/uapi/asm/svm.h SVM_EXIT_REASONS).
/// Several names contain a space ("GP excp"), which is why the parser takes everything between <c>reason </c> and
/// <c> rip</c> as the reason (spec §1.1).
/// </summary>
public static class SvmExitReasons
{
    public const uint Npf = 0x400;
    public const uint Err = 0xFFFF_FFFF;

    public static FrozenDictionary<uint, string> Names { get; } = Build();

    /// <summary>Every spelling that maps to an SVM exit code, including trace-cmd's old <c>EXIT_CPUID</c> style.</summary>
    public static FrozenDictionary<string, uint> ByName { get; } = BuildByName();

    public static string? NameOf(uint code) => Names.TryGetValue(code, out string? name) ? name : null;

    private static FrozenDictionary<uint, string> Build()
    {
        var map = new Dictionary<uint, string>
        {
            [0x000] = "read_cr0", [0x002] = "read_cr2", [0x003] = "read_cr3", [0x004] = "read_cr4", [0x008] = "read_cr8",
            [0x010] = "write_cr0", [0x012] = "write_cr2", [0x013] = "write_cr3", [0x014] = "write_cr4",
            [0x018] = "write_cr8",
            [0x060] = "interrupt", [0x061] = "nmi", [0x062] = "smi", [0x063] = "init", [0x064] = "vintr",
            [0x065] = "cr0_sel_write", [0x066] = "read_idtr", [0x067] = "read_gdtr", [0x068] = "read_ldtr",
            [0x069] = "read_rt", [0x06a] = "write_idtr", [0x06b] = "write_gdtr", [0x06c] = "write_ldtr",
            [0x06d] = "write_rt", [0x06e] = "rdtsc", [0x06f] = "rdpmc", [0x070] = "pushf", [0x071] = "popf",
            [0x072] = "cpuid", [0x073] = "rsm", [0x074] = "iret", [0x075] = "swint", [0x076] = "invd",
            [0x077] = "pause", [0x078] = "hlt", [0x079] = "invlpg", [0x07a] = "invlpga", [0x07b] = "io",
            [0x07c] = "msr", [0x07d] = "task_switch", [0x07e] = "ferr_freeze", [0x07f] = "shutdown",
            [0x080] = "vmrun", [0x081] = "hypercall", [0x082] = "vmload", [0x083] = "vmsave", [0x084] = "stgi",
            [0x085] = "clgi", [0x086] = "skinit", [0x087] = "rdtscp", [0x088] = "icebp", [0x089] = "wbinvd",
            [0x08a] = "monitor", [0x08b] = "mwait", [0x08d] = "xsetbv", [0x08f] = "write_efer_trap",
            [0x090] = "write_cr0_trap", [0x094] = "write_cr4_trap", [0x098] = "write_cr8_trap", [0x0a2] = "invpcid",
            [0x0a6] = "idle-halt", [0x400] = "npf", [0x401] = "avic_incomplete_ipi",
            [0x402] = "avic_unaccelerated_access", [0x403] = "vmgexit", [0x407] = "pml_full",
            [0x8000_0001] = "vmgexit_mmio_read", [0x8000_0002] = "vmgexit_mmio_write",
            [0x8000_0003] = "vmgexit_nmi_complete", [0x8000_0004] = "vmgexit_ap_hlt_loop",
            [0x8000_0005] = "vmgexit_ap_jump_table", [0xFFFF_FFFF] = "invalid_guest_state",
        };
        for (uint dr = 0; dr < 8; dr++)
        {
            map[0x020 + dr] = $"read_dr{dr}";
            map[0x030 + dr] = $"write_dr{dr}";
        }

        // SVM_EXIT_EXCP_BASE + vector, named by the vector's mnemonic.
        string[] vectors = ["DE", "DB", null!, "BP", "OF", "BR", "UD", "NM", "DF", null!, "TS", "NP", "SS", "GP", "PF",
            null!, "MF", "AC", "MC", "XF"];
        for (uint v = 0; v < vectors.Length; v++)
        {
            if (vectors[v] is { } mnemonic)
            {
                map[0x040 + v] = mnemonic + " excp";
            }
        }

        return map.ToFrozenDictionary();
    }

    private static FrozenDictionary<string, uint> BuildByName()
    {
        var map = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var (code, name) in Names)
        {
            map[name] = code;
            // trace-cmd's old SVM plugin printed the svm.h macro names: EXIT_CPUID, EXIT_MSR, EXIT_NPF, ...
            map["EXIT_" + name.ToUpperInvariant()] = code;
        }

        map["EXIT_IOIO"] = 0x07b;
        map["EXIT_VMMCALL"] = 0x081;
        map["EXIT_INTR"] = 0x060;
        map["EXIT_ERR"] = 0xFFFF_FFFF;
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
