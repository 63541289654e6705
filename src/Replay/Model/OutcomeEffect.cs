namespace TraceLab.Replay.Model;

/// <summary>What an outcome leaves behind for later KVM_RUNs (spec §3.4 rows 2–3, §4.2, §6.1).</summary>
public enum OutcomeEffect
{
    None,

    /// <summary>KVM_BUG_ON / kvm_vm_dead: every later KVM_RUN of the VM fails with <c>error (5)</c>.</summary>
    VmUnusable,

    /// <summary>The TD reported a fatal error (KVM_EXIT_SYSTEM_EVENT TDX_FATAL): it should not be entered again.</summary>
    FatalReported,
}
