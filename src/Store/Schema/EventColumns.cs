namespace TraceLab.Store.Schema;

/// <summary>
/// The event table: one row per trace event in input order (per input file), including kvm_exit and kvm_entry.
/// A0..A5 carry the decoded fields of the typed kinds (<see cref="Kvm.EventKind"/>):
/// <list type="table">
/// <item><term>Exit</term><description>A0 full exit reason (VMX: with flag bits; ≥ 2⁴⁸ for a name no table knows), A1 rip, A2 info1, A3 info2, A4 intr_info | error_code &lt;&lt; 32, A5 requests (the ISA is in the exit table)</description></item>
/// <item><term>Entry</term><description>A0 rip, A1 intr_info, A2 error_code, A3 immediate_exit (0/1)</description></item>
/// <item><term>UserspaceExit</term><description>A0 KVM_EXIT code (-1 when the errno form was printed), A1 errno (4 for <c>restart (4)</c>, N for <c>error (N)</c>, else 0)</description></item>
/// <item><term>Fpu</term><description>A0 1 = load, 0 = unload</description></item>
/// <item><term>PageFault</term><description>A0 fault address, A1 error_code, A2 rip (0 when the format has none)</description></item>
/// <item><term>Pio</term><description>A0 1 = write, A1 port, A2 size, A3 count, A4 val, A5 1 when val was printed</description></item>
/// <item><term>Mmio</term><description>A0 type (0 unsatisfied-read, 1 read, 2 write), A1 len, A2 gpa, A3 val</description></item>
/// <item><term>FastMmio</term><description>A0 gpa</description></item>
/// <item><term>Msr</term><description>A0 1 = write, A1 ecx, A2 data, A3 1 when <c>(#GP)</c> was printed</description></item>
/// <item><term>Cpuid</term><description>A0 function, A1 index | found &lt;&lt; 32 | used_max_basic &lt;&lt; 33, A2 rax, A3 rbx, A4 rcx, A5 rdx</description></item>
/// <item><term>Hypercall</term><description>A0 nr, A1 a0, A2 a1, A3 a2, A4 a3</description></item>
/// <item><term>VcpuWakeup</term><description>A0 ns, A1 1 = wait (0 = poll), A2 1 = valid</description></item>
/// <item><term>HaltPollNs</term><description>A0 1 = grow, A1 vcpu, A2 new, A3 old</description></item>
/// <item><term>InjVirq</term><description>A0 vector, A1 1 = soft, A2 1 = reinjected</description></item>
/// <item><term>InjException</term><description>A0 vector (-1 unknown), A1 1 = has error code, A2 error code, A3 1 = reinjected</description></item>
/// <item><term>EmulateInsn</term><description>A0 rip, A1 csbase, A2 instruction length, A3 mode (0 real, 3 vm16, 1 prot16, 5 prot32, 9 prot64), A4 1 = failed</description></item>
/// <item><term>ApicAcceptIrq / ApicvAcceptIrq</term><description>A0 apicid, A1 vector, A2 delivery mode (0..7), A3 1 = level</description></item>
/// <item><term>NestedVmexit</term><description>A0 rip, A1 exit reason, A2 info1, A3 info2, A4 int_info, A5 int_info_err</description></item>
/// <item><term>LostEvents</term><description>A0 number of events lost (0 when the marker gives no count)</description></item>
/// <item><term>Gap</term><description>A0 number of non-trace lines in the gap</description></item>
/// </list>
/// </summary>
public static class EventColumns
{
    public const int Timestamp = 0;
    public const int Cpu = 1;
    public const int Tid = 2;
    public const int Task = 3;
    public const int Kind = 4;
    public const int Name = 5;
    public const int Vcpu = 6;
    public const int Vm = 7;
    public const int File = 8;
    public const int Line = 9;
    public const int PayloadOffset = 10;
    public const int PayloadLength = 11;
    public const int A0 = 12;
    public const int A1 = 13;
    public const int A2 = 14;
    public const int A3 = 15;
    public const int A4 = 16;
    public const int A5 = 17;

    public static TableSchema Schema { get; } = new(
        "events",
        "Every event of the trace, in input order per file.",
        [
            new("timestamp", "time", "Event time in the store's time unit (ns, or clock ticks when the trace clock is a counter)."),
            new("cpu", "cpu", "Host CPU the event was recorded on (-1 when the format has no CPU column)."),
            new("tid", "tid", "Thread id of the task that emitted the event (-1 when not printed)."),
            new("task", "pool:tasks", "Task name (comm), e.g. \"CPU 0/KVM\"; id into the tasks pool."),
            new("kind", "enum:EventKind", "Decoded kind; 0 = other (kept by name only)."),
            new("name", "pool:event_names", "Event name as printed, without a group prefix; id into the event_names pool."),
            new("vcpu", "vcpu", "vCPU id from the payload, or attributed through the emitting thread (-1 unknown)."),
            new("vm", "vm", "VM the vCPU belongs to (-1 unknown); see docs/store-format.md for how VMs are told apart."),
            new("file", "pool:files", "Input file; id into the files pool."),
            new("line", "line", "1-based line number of the event in its input file."),
            new("payload_offset", "byte", "Byte offset of the event's payload in its (decompressed) input file."),
            new("payload_length", "byte", "Length of the payload in bytes."),
            new("a0", "per-kind", "Decoded field 0 (see EventColumns)."),
            new("a1", "per-kind", "Decoded field 1."),
            new("a2", "per-kind", "Decoded field 2."),
            new("a3", "per-kind", "Decoded field 3."),
            new("a4", "per-kind", "Decoded field 4."),
            new("a5", "per-kind", "Decoded field 5."),
        ]);

    public static int Count => Schema.Columns.Length;
}
