namespace TraceLab.Replay.Model;

/// <summary>
/// Which kernel's code the model follows where the spec records a difference (§4.1 MapGPA completion, §4.5
/// SetupEventNotifyInterrupt, §8 machine-check handling, §11 TDCALL/SEAMCALL in VMX guests).
/// </summary>
public enum KernelProfile
{
    /// <summary>The newest tree the spec read (kvm-x86 @09c6f74e, 2026).</summary>
    Latest,

    /// <summary>Linux 6.16 (kvm-x86 @821655be, the 6.16-final equivalent).</summary>
    Linux616,
}
