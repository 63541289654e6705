namespace TraceLab.Replay.Checking;

/// <summary>
/// Userspace exits that KVM's run loop takes for pending requests before entering the guest (vcpu_enter_guest's
/// kvm_check_request handling), whatever the last exit was. Spec §12: "Any → E may instead be … a request-driven
/// exit; the model should treat those as allowed alternatives, never as divergences."
/// </summary>
public static class RequestExits
{
    public static bool Contains(long code) => code is
        7      // KVM_EXIT_IRQ_WINDOW_OPEN: userspace asked for an interrupt window
        or 8   // KVM_EXIT_SHUTDOWN: KVM_REQ_TRIPLE_FAULT
        or 12  // KVM_EXIT_TPR_ACCESS: KVM_REQ_REPORT_TPR_ACCESS
        or 24  // KVM_EXIT_SYSTEM_EVENT: KVM_REQ_HV_CRASH / HV_RESET
        or 26  // KVM_EXIT_IOAPIC_EOI: KVM_REQ_IOAPIC_EOI_EXIT
        or 27  // KVM_EXIT_HYPERV: KVM_REQ_HV_EXIT
        or 31; // KVM_EXIT_DIRTY_RING_FULL: KVM_REQ_DIRTY_RING_SOFT_FULL
}
