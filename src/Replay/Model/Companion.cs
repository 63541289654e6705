namespace TraceLab.Replay.Model;

/// <summary>
/// What the model says about the events between a kvm_exit and the next kvm_entry: the store's event kinds, split
/// where the kernel's handlers differ by direction (a <c>kvm_pio write</c> is OUT handling, a <c>read</c> IN).
/// </summary>
public enum Companion
{
    PioRead,
    PioWrite,
    MmioRead,
    MmioWrite,
    MmioUnsatisfiedRead,
    FastMmio,
    MsrRead,
    MsrWrite,
    Cpuid,
    Hypercall,
    PageFault,
    VcpuWakeup,
    HaltPollNs,
    InjVirq,
    InjException,
    EmulateInsn,
    NestedVmexit,
}
