namespace TraceLab.Replay.Model;

/// <summary>
/// Tells a TDVMCALL's GPR mask (RCX, reported as info1 for TDVMCALL-derived exits, spec §3.3) from a VMX exit
/// qualification. The mask names which of the 16 GPRs the guest passes; R10 (leaf type) and R11 (leaf) are always
/// among them. A VMX qualification for HLT, CPUID or MSR exits is 0, and for IO it carries the port in bits 31:16.
/// </summary>
public static class TdvmcallGprMask
{
    private const ulong R10R11 = (1UL << 10) | (1UL << 11);

    public static bool Looks(ulong info1) => info1 < 0x1_0000 && (info1 & R10R11) == R10R11;
}
