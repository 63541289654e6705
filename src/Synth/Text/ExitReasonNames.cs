using System.Text;
using TraceLab.Store.Kvm;

namespace TraceLab.Synth.Text;

/// <summary>
/// The VMX exit-reason spellings a given kernel generation prints, and the ones libtraceevent's kvm plugin prints.
/// Built from <see cref="VmxExitReasons.Names"/> (the 6.18 table, spec §1.2) minus reasons newer kernels added, plus the
/// 2.6-era lower-case exit_reasons_str. A reason with no name prints as <c>0x%x</c> (kernel) or <c>UNKNOWN (%llu)</c> (plugin).
/// </summary>
internal sealed class ExitReasonNames
{
    private const int TableSize = 128;

    // libtraceevent plugins/plugin_kvm.c VMX_EXIT_REASONS (rostedt/libtraceevent 6643bf9a): older than the kernel's
    // table, e.g. PENDING_INTERRUPT for 7 and no TDCALL, so a TD's TDCALL prints "UNKNOWN (77)".
    private static readonly byte[]?[] s_plugin = BuildPlugin();

    private readonly byte[]?[] _kernel = new byte[TableSize][];

    public ExitReasonNames(KernelGeneration generation)
    {
        if (generation == KernelGeneration.V2_6)
        {
            AddLowerCase26();
            return;
        }

        foreach (var (code, name) in VmxExitReasons.Names)
        {
            if (code < TableSize && IsPrintedBy(generation, code))
            {
                _kernel[code] = Encoding.ASCII.GetBytes(name);
            }
        }

        if (generation < KernelGeneration.V5_9)
        {
            // Renamed to INTERRUPT_WINDOW in 2019 (uapi vmx.h history, spec §16).
            _kernel[VmxExitReasons.InterruptWindow] = "PENDING_INTERRUPT"u8.ToArray();
        }
    }

    /// <summary>The kernel's name for a basic exit reason, or null when the kernel prints it as hex.</summary>
    public byte[]? Kernel(uint basic) => basic < TableSize ? _kernel[basic] : null;

    /// <summary>The plugin's name for a full exit reason (it compares the whole value, flags included), or null.</summary>
    public static byte[]? Plugin(uint fullReason) => fullReason < TableSize ? s_plugin[fullReason] : null;

    private static bool IsPrintedBy(KernelGeneration generation, uint code) => code switch
    {
        84 or 85 => generation >= KernelGeneration.V6_18,             // MSR_*_IMM, 6.17
        VmxExitReasons.Tdcall => generation >= KernelGeneration.V6_16,  // spec §8: pre-6.16 prints 0x4d
        VmxExitReasons.BusLock or VmxExitReasons.Notify => generation >= KernelGeneration.V6_10,
        67 or 68 => generation >= KernelGeneration.V5_4,                // UMWAIT/TPAUSE, 5.3
        _ => true,
    };

    private void AddLowerCase26()
    {
        // vmx.c exit_reasons_str of the 2.6.3x era (the spellings VmxExitReasons.ByName/SvmExitReasons accept).
        (uint Code, string Name)[] names =
        [
            (0, "exception"), (1, "ext_irq"), (2, "triple_fault"), (7, "interrupt_window"), (8, "nmi_window"),
            (9, "task_switch"), (10, "cpuid"), (12, "halt"), (14, "invlpg"), (18, "hypercall"), (28, "cr_access"),
            (29, "dr_access"), (30, "io_instruction"), (31, "rdmsr"), (32, "wrmsr"), (43, "tpr_below_thres"),
            (44, "apic_access"), (48, "ept_violation"), (54, "wbinvd"),
        ];
        foreach (var (code, name) in names)
        {
            _kernel[code] = Encoding.ASCII.GetBytes(name);
        }
    }

    private static byte[]?[] BuildPlugin()
    {
        var table = new byte[TableSize][];
        (uint Code, string Name)[] names =
        [
            (0, "EXCEPTION_NMI"), (1, "EXTERNAL_INTERRUPT"), (2, "TRIPLE_FAULT"), (7, "PENDING_INTERRUPT"),
            (8, "NMI_WINDOW"), (9, "TASK_SWITCH"), (10, "CPUID"), (12, "HLT"), (13, "INVD"), (14, "INVLPG"),
            (15, "RDPMC"), (16, "RDTSC"), (18, "VMCALL"), (19, "VMCLEAR"), (20, "VMLAUNCH"), (21, "VMPTRLD"),
            (22, "VMPTRST"), (23, "VMREAD"), (24, "VMRESUME"), (25, "VMWRITE"), (26, "VMOFF"), (27, "VMON"),
            (28, "CR_ACCESS"), (29, "DR_ACCESS"), (30, "IO_INSTRUCTION"), (31, "MSR_READ"), (32, "MSR_WRITE"),
            (36, "MWAIT_INSTRUCTION"), (39, "MONITOR_INSTRUCTION"), (40, "PAUSE_INSTRUCTION"),
            (41, "MCE_DURING_VMENTRY"), (43, "TPR_BELOW_THRESHOLD"), (44, "APIC_ACCESS"), (45, "EOI_INDUCED"),
            (48, "EPT_VIOLATION"), (49, "EPT_MISCONFIG"), (50, "INVEPT"), (52, "PREEMPTION_TIMER"), (54, "WBINVD"),
            (55, "XSETBV"), (56, "APIC_WRITE"), (58, "INVPCID"), (62, "PML_FULL"), (63, "XSAVES"), (64, "XRSTORS"),
        ];
        foreach (var (code, name) in names)
        {
            table[code] = Encoding.ASCII.GetBytes(name);
        }

        return table;
    }
}
