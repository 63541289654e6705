namespace TraceLab.Synth.Sim;

/// <summary>Per-VM state shared by its vCPU threads.</summary>
internal sealed class VmState
{
    public VmState(int index, int qemuPid, ulong kernelBase)
    {
        Index = index;
        QemuPid = qemuPid;
        KernelBase = kernelBase;

        // virtio-pci BARs in the 32-bit hole plus the IOAPIC (userspace with a split irqchip, as TDX requires).
        MmioPages =
        [
            new MmioPage(0xfe00_3000, MmioPageKind.FastNotify),
            new MmioPage(0xfe00_7000, MmioPageKind.FastNotify),
            new MmioPage(0xfe00_0000, MmioPageKind.Userspace),
            new MmioPage(0xfe00_4000, MmioPageKind.Userspace),
            new MmioPage(0xfec0_0000, MmioPageKind.Userspace),
        ];
    }

    public int Index { get; }

    public int QemuPid { get; }

    /// <summary>KASLR'd guest kernel text base, for plausible VMX guest RIPs.</summary>
    public ulong KernelBase { get; }

    public MmioPage[] MmioPages { get; }

    public List<VcpuActor> Vcpus { get; } = [];

    /// <summary>Set once a vCPU reported a fatal error: the VMM tears the VM down and kicks the other vCPUs out.</summary>
    public bool Stopping { get; set; }

    /// <summary>Exits its vCPUs decided so far; counted only while injecting (<see cref="InjectionSchedule"/>).</summary>
    public long Exits { get; set; }

    /// <summary>Next private GPA a page-accept burst faults on.</summary>
    public ulong NextPrivateGpa { get; set; } = 0x1_0000_0000;
}
