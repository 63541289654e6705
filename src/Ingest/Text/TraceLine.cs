namespace TraceLab.Ingest.Text;

/// <summary>
/// The fields of one parsed line. A ref struct of spans into the input buffer: it lives only while the line is
/// being decoded and is never stored (the flyweight idea of TraceEvent, made safe by the compiler).
/// </summary>
internal ref struct TraceLine
{
    /// <summary>Task name (comm) as printed, without padding: <c>CPU 0/KVM</c>, <c>&lt;...&gt;</c>.</summary>
    public ReadOnlySpan<byte> Task;

    /// <summary>Thread id (ftrace's "pid" column), -1 when the line does not print one.</summary>
    public int Tid;

    /// <summary>Process id when printed (ftrace tgid column, perf <c>pid/tid</c>), else -1.</summary>
    public int Tgid;

    /// <summary>Host CPU, -1 when not printed.</summary>
    public int Cpu;

    /// <summary>True when the line carried a timestamp.</summary>
    public bool HasTimestamp;

    /// <summary>True when the timestamp was a bare counter (no fraction): the value is in ticks, not ns.</summary>
    public bool TimestampIsCounter;

    /// <summary>Timestamp in ns (or ticks, see <see cref="TimestampIsCounter"/>).</summary>
    public long Timestamp;

    /// <summary>Event name without a group prefix (<c>kvm_exit</c> for perf's <c>kvm:kvm_exit</c>).</summary>
    public ReadOnlySpan<byte> Event;

    /// <summary>The payload after the event name, leading padding and trailing blanks removed.</summary>
    public ReadOnlySpan<byte> Payload;

    /// <summary>0-based offset of <see cref="Payload"/> within the line (for payload locations and columns).</summary>
    public int PayloadStart;

    /// <summary>For <see cref="LineShape.LostEvents"/>: the number of events lost (0 when the marker gives none).</summary>
    public long LostCount;
}
