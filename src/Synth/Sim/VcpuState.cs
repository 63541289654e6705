namespace TraceLab.Synth.Sim;

internal enum VcpuState : byte
{
    /// <summary>Before its first KVM_RUN.</summary>
    Boot = 0,

    /// <summary>Running guest code (or about to); the next action is an exit.</summary>
    InGuest = 1,

    /// <summary>Blocked in kvm_vcpu_halt; the next action is the wakeup.</summary>
    Halted = 2,

    /// <summary>Back in the VMM after kvm_userspace_exit; the next action is the next KVM_RUN.</summary>
    InUserspace = 3,

    /// <summary>The thread left KVM for good (VM torn down).</summary>
    Dead = 4,
}
