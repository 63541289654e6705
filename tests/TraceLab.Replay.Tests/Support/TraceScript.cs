using System.Globalization;
using System.Text;

namespace TraceLab.Replay.Tests.Support;

/// <summary>
/// Writes a small ftrace text trace of one vCPU thread in the Linux 6.18 print formats (spec §1.1), line by line;
/// every method returns the 1-based line it wrote, so tests assert the lines replay reports. Times advance 1 µs per
/// line.
/// </summary>
public sealed class TraceScript
{
    private readonly StringBuilder _text = new();
    private long _micros = 1_000_000;

    public TraceScript(int vcpu = 0, int tid = 4242, string task = "CPU 0/KVM")
    {
        Vcpu = vcpu;
        Tid = tid;
        Task = task;
    }

    public int Vcpu { get; }

    public int Tid { get; }

    public string Task { get; }

    public int Lines { get; private set; }

    public string Text => _text.ToString();

    /// <summary>kvm_entry; <paramref name="intrInfo"/>/<paramref name="errorCode"/> non-zero or <paramref name="immediate"/> only for VMX injections.</summary>
    public int Entry(uint intrInfo = 0, uint errorCode = 0, bool immediate = false) =>
        Line("d....", "kvm_entry", $"vcpu {Vcpu}, rip 0x0 intr_info 0x{intrInfo:x8} error_code 0x{errorCode:x8}{(immediate ? "[immediate exit]" : "")}");

    /// <summary>kvm_exit with the reason as the kernel prints it (<c>HLT</c>, <c>0x6</c>, <c>0xffff FAILED_VMENTRY 0x7fff0000</c>).</summary>
    public int Exit(string reason, ulong info1 = 0, ulong info2 = 0, uint intrInfo = 0, uint errorCode = 0) =>
        Line("d....", "kvm_exit",
            $"vcpu {Vcpu} reason {reason} rip 0x0 info1 0x{info1:x16} info2 0x{info2:x16} intr_info 0x{intrInfo:x8} error_code 0x{errorCode:x8} requests 0x0000000000000000");

    /// <summary>kvm_userspace_exit: <c>KVM_EXIT_IO (2)</c>, <c>0x28 (40)</c>, <c>restart (4)</c>, <c>error (5)</c>.</summary>
    public int Userspace(string reason) => Line(".....", "kvm_userspace_exit", $"reason {reason}");

    public int FpuUnload() => Line(".....", "kvm_fpu", "unload");

    public int FpuLoad() => Line(".....", "kvm_fpu", "load");

    public int Pio(bool write, uint port = 0x70, uint value = 0) =>
        Line(".....", "kvm_pio", $"pio_{(write ? "write" : "read")} at 0x{port:x} size 1 count 1 val 0x{value:x}");

    public int Mmio(string type, ulong gpa = 0xfed00000, ulong value = 0) =>
        Line(".....", "kvm_mmio", $"mmio {type} len 4 gpa 0x{gpa:x} val 0x{value:x}");

    public int FastMmio(ulong gpa = 0xfeb00000) => Line(".....", "kvm_fast_mmio", $"fast mmio at gpa 0x{gpa:x}");

    public int Msr(bool write, uint ecx = 0x6e0, ulong data = 0, bool gp = false) =>
        Line(".....", "kvm_msr", $"msr_{(write ? "write" : "read")} {ecx:x} = 0x{data:x}{(gp ? " (#GP)" : "")}");

    public int Cpuid(uint function = 1) =>
        Line(".....", "kvm_cpuid", $"func {function:x} idx 0 rax 0 rbx 0 rcx 0 rdx 0, cpuid entry found");

    public int Hypercall(ulong nr) => Line(".....", "kvm_hypercall", $"nr 0x{nr:x} a0 0x0 a1 0x0 a2 0x0 a3 0x0");

    public int PageFault(ulong address, ulong errorCode) =>
        Line(".....", "kvm_page_fault", $"vcpu {Vcpu} rip 0x0 address 0x{address:x16} error_code 0x{errorCode:x}");

    public int Wakeup() => Line(".....", "kvm_vcpu_wakeup", "wait time 1000 ns, polling valid");

    public int InjVirq(uint vector = 0xec) => Line(".....", "kvm_inj_virq", $"IRQ 0x{vector:x}");

    public int EmulateInsn() => Line(".....", "kvm_emulate_insn", "0:fffff000:0f 01 c1 (prot64)");

    /// <summary>A line of prose or an elision in the middle of the trace (an ingest gap).</summary>
    public int Prose(string text = "[... trace trimmed ...]")
    {
        _text.Append(text).Append('\n');
        return ++Lines;
    }

    private int Line(string flags, string evt, string payload)
    {
        _micros++;
        string stamp = string.Create(CultureInfo.InvariantCulture, $"{_micros / 1_000_000}.{_micros % 1_000_000:D6}");
        _text.Append(CultureInfo.InvariantCulture, $"{Task,16}-{Tid,-7} [001] {flags} {stamp}: {evt}: {payload}\n");
        return ++Lines;
    }
}
