namespace TraceLab.Store.Kvm;

/// <summary>
/// The events TraceLab decodes into typed columns. Everything else is <see cref="Other"/> and keeps its name,
/// time, cpu, task and payload location, so nothing in a trace is silently lost.
/// The meaning of the A0..A5 columns for each kind is documented in <see cref="Schema.EventColumns"/>.
/// </summary>
public enum EventKind : byte
{
    Other = 0,
    Exit = 1,
    Entry = 2,
    UserspaceExit = 3,
    Fpu = 4,
    PageFault = 5,
    Pio = 6,
    Mmio = 7,
    FastMmio = 8,
    Msr = 9,
    Cpuid = 10,
    Hypercall = 11,
    VcpuWakeup = 12,
    HaltPollNs = 13,
    InjVirq = 14,
    InjException = 15,
    EmulateInsn = 16,
    ApicAcceptIrq = 17,
    ApicvAcceptIrq = 18,
    NestedVmexit = 19,

    /// <summary>A lost-events marker (<c>CPU:3 [LOST 1234 EVENTS]</c>); A0 = number of events lost on that CPU.</summary>
    LostEvents = 20,

    /// <summary>
    /// Lines that are not trace events interrupted the stream (prose, an elision such as <c>...</c>, a cut line):
    /// events may be missing here, so pairing does not cross it. Consecutive such lines make one gap row.
    /// </summary>
    Gap = 21,
}
