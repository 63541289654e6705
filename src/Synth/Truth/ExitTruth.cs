using TraceLab.Store.Kvm;

namespace TraceLab.Synth.Truth;

/// <summary>What the generator wrote for one kvm_exit line.</summary>
/// <param name="LineNumber">1-based line in the output, header lines included.</param>
/// <param name="Vm">VM index (0-based, in creation order).</param>
/// <param name="Vcpu">vcpu_id.</param>
/// <param name="Tid">Thread id printed on the line.</param>
/// <param name="Cpu">Host CPU printed on the line.</param>
/// <param name="Timestamp">Timestamp as printed (see <see cref="SynthTruth.TimestampUnit"/>).</param>
/// <param name="ExitReason">Full 32-bit exit reason, flags included (0xffffffff for a TDX OPERAND_BUSY).</param>
/// <param name="Isa">Always <see cref="Isa.Vmx"/>: TDX traces with isa = VMX too (spec §1.1).</param>
/// <param name="HandlingTime">Next kvm_entry of the same vCPU minus this exit, in printed units; -1 when none follows in the file.</param>
/// <param name="UserspaceExitReason">KVM_EXIT_* of the first kvm_userspace_exit before that entry (10 = INTR for <c>restart</c>); -1 when none.</param>
/// <param name="UserspaceErrno">4 when that userspace exit printed <c>restart (4)</c>, else 0.</param>
public readonly record struct ExitTruth(
    long LineNumber,
    int Vm,
    int Vcpu,
    int Tid,
    int Cpu,
    long Timestamp,
    uint ExitReason,
    Isa Isa,
    long HandlingTime,
    int UserspaceExitReason,
    int UserspaceErrno);
