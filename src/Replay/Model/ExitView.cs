using TraceLab.Store.Kvm;

namespace TraceLab.Replay.Model;

/// <summary>
/// What a kvm_exit line shows (spec §1.1, §3.3): the full 32-bit exit reason as traced (for a TD, after
/// <c>tdx_to_vmx_exit_reason</c> morphing, §3.2) and the info fields. <see cref="Reason"/> is null when the trace
/// printed a reason name no table knows.
/// </summary>
public readonly record struct ExitView(uint? Reason, Isa Isa, ulong Info1, ulong Info2, ulong IntrInfo, ulong ErrorCode)
{
    /// <summary>VMX exit reason bit 31: VM-entry failure (§3.4 row 4, §11).</summary>
    public const uint FailedVmentryBit = 0x8000_0000;

    /// <summary>VMX exit reason bit 26: the exit was preempted by a bus lock (§13).</summary>
    public const uint BusLockBit = 0x0400_0000;

    /// <summary>The "-1u" reason of a TDH.VP.ENTER that returned a non-success status (§3.2): printed <c>0xffff FAILED_VMENTRY 0x7fff0000</c>.</summary>
    public const uint InvalidReason = 0xFFFF_FFFF;

    /// <summary>The basic exit reason (bits 15:0), or -1 when the reason is not known.</summary>
    public int Basic => Reason is uint r ? (int)(r & 0xFFFF) : -1;

    public bool IsInvalidReason => Reason == InvalidReason;

    public bool FailedVmentry => Reason is uint r && (r & FailedVmentryBit) != 0 && r != InvalidReason;

    public bool BusLockPreempted => Reason is uint r && (r & BusLockBit) != 0 && r != InvalidReason;
}
