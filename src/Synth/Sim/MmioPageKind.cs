namespace TraceLab.Synth.Sim;

internal enum MmioPageKind
{
    /// <summary>virtio notify area registered as an ioeventfd on the fast-MMIO bus: writes end in kvm_fast_mmio.</summary>
    FastNotify = 0,

    /// <summary>Device registers QEMU emulates: reads and writes exit to userspace with KVM_EXIT_MMIO.</summary>
    Userspace = 1,
}
