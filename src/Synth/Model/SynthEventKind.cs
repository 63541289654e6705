namespace TraceLab.Synth.Model;

/// <summary>The kvm tracepoints the generator writes. The order is also the index into per-kind tables.</summary>
internal enum SynthEventKind : byte
{
    Exit = 0,
    Entry = 1,
    Fpu = 2,
    UserspaceExit = 3,
    PageFault = 4,
    Pio = 5,
    Mmio = 6,
    FastMmio = 7,
    Msr = 8,
    Cpuid = 9,
    Hypercall = 10,
    VcpuWakeup = 11,
    HaltPollNs = 12,
    InjVirq = 13,
    EmulateInsn = 14,
    ApicAcceptIrq = 15,
    ApicvAcceptIrq = 16,
}
