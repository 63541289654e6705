using System.Globalization;
using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>
/// The reference parser's own exit-reason tables, typed from spec §1.2 (VMX_EXIT_REASONS of a 6.18 kernel), the
/// 2.6-era lower-case spellings, and uapi asm/svm.h SVM_EXIT_REASONS — deliberately not the Store's tables, so a
/// typo there shows up as a disagreement. Only what the corpus and the fixtures print needs to be here.
/// </summary>
public static class NaiveExitReasons
{
    private static readonly Dictionary<string, uint> s_vmx = new(StringComparer.Ordinal)
    {
        ["EXCEPTION_NMI"] = 0, ["EXTERNAL_INTERRUPT"] = 1, ["TRIPLE_FAULT"] = 2, ["INIT_SIGNAL"] = 3, ["SIPI_SIGNAL"] = 4,
        ["INTERRUPT_WINDOW"] = 7, ["NMI_WINDOW"] = 8, ["TASK_SWITCH"] = 9, ["CPUID"] = 10, ["HLT"] = 12, ["INVD"] = 13,
        ["INVLPG"] = 14, ["RDPMC"] = 15, ["RDTSC"] = 16, ["VMCALL"] = 18, ["VMCLEAR"] = 19, ["VMLAUNCH"] = 20,
        ["VMPTRLD"] = 21, ["VMPTRST"] = 22, ["VMREAD"] = 23, ["VMRESUME"] = 24, ["VMWRITE"] = 25, ["VMOFF"] = 26,
        ["VMON"] = 27, ["CR_ACCESS"] = 28, ["DR_ACCESS"] = 29, ["IO_INSTRUCTION"] = 30, ["MSR_READ"] = 31,
        ["MSR_WRITE"] = 32, ["INVALID_STATE"] = 33, ["MSR_LOAD_FAIL"] = 34, ["MWAIT_INSTRUCTION"] = 36,
        ["MONITOR_TRAP_FLAG"] = 37, ["MONITOR_INSTRUCTION"] = 39, ["PAUSE_INSTRUCTION"] = 40,
        ["MCE_DURING_VMENTRY"] = 41, ["TPR_BELOW_THRESHOLD"] = 43, ["APIC_ACCESS"] = 44, ["EOI_INDUCED"] = 45,
        ["GDTR_IDTR"] = 46, ["LDTR_TR"] = 47, ["EPT_VIOLATION"] = 48, ["EPT_MISCONFIG"] = 49, ["INVEPT"] = 50,
        ["RDTSCP"] = 51, ["PREEMPTION_TIMER"] = 52, ["INVVPID"] = 53, ["WBINVD"] = 54, ["XSETBV"] = 55,
        ["APIC_WRITE"] = 56, ["RDRAND"] = 57, ["INVPCID"] = 58, ["VMFUNC"] = 59, ["ENCLS"] = 60, ["RDSEED"] = 61,
        ["PML_FULL"] = 62, ["XSAVES"] = 63, ["XRSTORS"] = 64, ["UMWAIT"] = 67, ["TPAUSE"] = 68, ["BUS_LOCK"] = 74,
        ["NOTIFY"] = 75, ["TDCALL"] = 77, ["MSR_READ_IMM"] = 84, ["MSR_WRITE_IMM"] = 85,

        // Renamed in 2019 (INTERRUPT_WINDOW); 5.x traces still print the old name.
        ["PENDING_INTERRUPT"] = 7,
    };

    /// <summary>2.6.3x vmx.c exit_reasons_str (lower case); only spellings SVM does not also use.</summary>
    private static readonly Dictionary<string, uint> s_oldVmx = new(StringComparer.Ordinal)
    {
        ["exception"] = 0, ["ext_irq"] = 1, ["triple_fault"] = 2, ["interrupt_window"] = 7, ["nmi_window"] = 8,
        ["io_instruction"] = 30, ["cr_access"] = 28, ["dr_access"] = 29, ["rdmsr"] = 31, ["wrmsr"] = 32, ["halt"] = 12,
        ["tpr_below_thres"] = 43, ["apic_access"] = 44, ["ept_violation"] = 48, ["ept_misconfig"] = 49,
    };

    /// <summary>uapi asm/svm.h SVM_EXIT_REASONS (subset).</summary>
    private static readonly Dictionary<string, uint> s_svm = new(StringComparer.Ordinal)
    {
        ["read_cr0"] = 0x000, ["read_cr3"] = 0x003, ["read_cr4"] = 0x004, ["read_cr8"] = 0x008,
        ["write_cr0"] = 0x010, ["write_cr3"] = 0x013, ["write_cr4"] = 0x014, ["write_cr8"] = 0x018,
        ["interrupt"] = 0x060, ["nmi"] = 0x061, ["smi"] = 0x062, ["init"] = 0x063, ["vintr"] = 0x064,
        ["rdtsc"] = 0x06e, ["rdpmc"] = 0x06f, ["cpuid"] = 0x072, ["iret"] = 0x074, ["invd"] = 0x076, ["pause"] = 0x077,
        ["hlt"] = 0x078, ["invlpg"] = 0x079, ["invlpga"] = 0x07a, ["io"] = 0x07b, ["msr"] = 0x07c,
        ["task_switch"] = 0x07d, ["shutdown"] = 0x07f, ["vmrun"] = 0x080, ["hypercall"] = 0x081, ["vmload"] = 0x082,
        ["vmsave"] = 0x083, ["rdtscp"] = 0x087, ["wbinvd"] = 0x089, ["monitor"] = 0x08a, ["mwait"] = 0x08b,
        ["xsetbv"] = 0x08d, ["write_efer_trap"] = 0x08f, ["npf"] = 0x400, ["avic_incomplete_ipi"] = 0x401,
        ["avic_unaccelerated_access"] = 0x402, ["vmgexit"] = 0x403,
        ["DE excp"] = 0x40, ["DB excp"] = 0x41, ["BP excp"] = 0x43, ["UD excp"] = 0x46, ["NM excp"] = 0x47,
        ["DF excp"] = 0x48, ["GP excp"] = 0x4d, ["PF excp"] = 0x4e, ["AC excp"] = 0x51, ["MC excp"] = 0x52,

        // trace-cmd's old SVM plugin printed the svm.h macro names.
        ["EXIT_CPUID"] = 0x072, ["EXIT_MSR"] = 0x07c, ["EXIT_NPF"] = 0x400, ["EXIT_IOIO"] = 0x07b, ["EXIT_HLT"] = 0x078,
        ["EXIT_INTR"] = 0x060, ["EXIT_VINTR"] = 0x064, ["EXIT_VMMCALL"] = 0x081,
    };

    /// <summary>
    /// Resolves printed reason text to the full reason and the ISA its spelling tells (spec §1.1): VMX names are
    /// upper case and may carry flag words (<c>FAILED_VMENTRY</c>, leftover bits as hex); SVM names are lower case;
    /// a bare hex number says nothing about the ISA unless flag words follow (flags exist for VMX only).
    /// </summary>
    public static bool TryResolve(string text, out long code, out Isa? isa)
    {
        code = 0;
        isa = null;
        if (s_svm.TryGetValue(text, out uint svm))
        {
            code = svm;
            isa = Isa.Svm;
            return true;
        }

        string[] words = text.Split(' ');
        string first = words[0];
        long value;
        if (first.StartsWith("0x", StringComparison.Ordinal) && first.Length > 2
            && long.TryParse(first.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
        {
            isa = null;
        }
        else if (s_vmx.TryGetValue(first, out uint vmx) || s_oldVmx.TryGetValue(first, out vmx))
        {
            value = vmx;
            isa = Isa.Vmx;
        }
        else
        {
            return false;
        }

        for (int i = 1; i < words.Length; i++)
        {
            string w = words[i];
            if (w == "FAILED_VMENTRY")
            {
                value |= 0x8000_0000L;
            }
            else if (w.StartsWith("0x", StringComparison.Ordinal)
                && long.TryParse(w.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long bits))
            {
                value |= bits;
            }
            else
            {
                return false;
            }

            isa = Isa.Vmx;
        }

        code = value;
        return true;
    }
}
