namespace TraceLab.Store.Schema;

/// <summary>
/// The exit table: one row per kvm_exit, with what ingest learned by pairing it with the next kvm_entry of the same
/// vCPU thread (spec §1.4, §12). A row is written when its episode closes (the next entry, the next exit on the
/// thread, lost events, or the end of the trace), so rows are ordered by episode end; sort by <c>event_row</c> for input order.
/// </summary>
public static class ExitColumns
{
    public const int Timestamp = 0;
    public const int Vm = 1;
    public const int Vcpu = 2;
    public const int Tid = 3;
    public const int Cpu = 4;
    public const int Isa = 5;
    public const int ReasonCode = 6;
    public const int Reason = 7;
    public const int Rip = 8;
    public const int Info1 = 9;
    public const int Info2 = 10;
    public const int IntrInfo = 11;
    public const int ErrorCode = 12;
    public const int Requests = 13;
    public const int EventRow = 14;
    public const int EntryEventRow = 15;
    public const int HandlingNs = 16;
    public const int GuestRunNs = 17;
    public const int Run = 18;
    public const int UserspaceReason = 19;
    public const int UserspaceErrno = 20;
    public const int CompanionFirst = 21;
    public const int CompanionCount = 22;
    public const int Flags = 23;
    public const int File = 24;
    public const int Line = 25;
    public const int CompanionLast = 26;

    public static TableSchema Schema { get; } = new(
        "exits",
        "One row per kvm_exit, paired with the next kvm_entry on the same vCPU thread.",
        [
            new("timestamp", "time", "kvm_exit time in the store's time unit."),
            new("vm", "vm", "VM id (-1 unknown)."),
            new("vcpu", "vcpu", "vCPU id (from the payload, or the thread's vCPU for formats that do not print it; -1 unknown)."),
            new("tid", "tid", "vCPU thread id (-1 when not printed)."),
            new("cpu", "cpu", "Host CPU of the kvm_exit."),
            new("isa", "enum:Isa", "1 VMX (and TDX), 2 SVM, 0 unknown (a hex-only reason with no other tell)."),
            new("reason_code", "hex", "Full exit reason: VMX basic reason with flag bits (bit 31 FAILED_VMENTRY, bit 26 bus lock), or the SVM exit code."),
            new("reason", "pool:reasons", "Kernel name of the reason (OTHER_SMI for 0x6); id into the reasons pool."),
            new("rip", "hex", "Guest RIP printed by kvm_exit (meaningless for TDs, spec §3.3)."),
            new("info1", "hex", "info1 (exit qualification; a GPR mask for TDVMCALL-derived TD exits)."),
            new("info2", "hex", "info2."),
            new("intr_info", "hex", "intr_info (0 when the format does not print it)."),
            new("error_code", "hex", "error_code (0 when the format does not print it)."),
            new("requests", "hex", "KVM request bitmap (6.14+ formats; 0 otherwise)."),
            new("event_row", "row:events", "Row of this kvm_exit in the event table."),
            new("entry_event_row", "row:events", "Row of the kvm_entry that ended this exit's handling (-1 none)."),
            new("handling_ns", "time", "Handling latency = next kvm_entry - kvm_exit on the same thread (-1 when unpaired)."),
            new("guest_run_ns", "time", "Guest run time = kvm_exit - previous kvm_entry on the same thread (-1 unknown)."),
            new("run", "run", "KVM_RUN ordinal of the thread's run this exit belongs to (numbered across the store, -1 unknown)."),
            new("userspace_reason", "enum:KVM_EXIT", "KVM_EXIT_* code of the first userspace exit between this exit and the next entry (-1 none; -2 errno form)."),
            new("userspace_errno", "errno", "errno printed by kvm_userspace_exit (4 = restart/EINTR, 14 = EFAULT, ...; 0 none)."),
            new("companion_first", "row:events", "First event row of this thread between the exit and the next entry (-1 none). Other threads' events may interleave: filter rows [companion_first, companion_last] by tid."),
            new("companion_count", "count", "Number of events of this thread between the exit and the next entry (the userspace exit and the next KVM_RUN's prefix included)."),
            new("flags", "bits:ExitFlags", "Pairing facts (ExitFlags)."),
            new("file", "pool:files", "Input file."),
            new("line", "line", "1-based input line of the kvm_exit."),
            new("companion_last", "row:events", "Last event row of this thread between the exit and the next entry (-1 none)."),
        ]);

    public static int Count => Schema.Columns.Length;
}
