namespace TraceLab.Replay.Model;

/// <summary>
/// Linux 2.6.3x printed VMX exit reasons from vmx.c's lower-case <c>exit_reasons_str</c> (spec §1.3); five of those
/// names are also SVM names, and ingest, seeing one line at a time, reads them as SVM. In a VM that is otherwise
/// VMX they are the VMX reasons below (SVM code → VMX basic reason).
/// </summary>
public static class LegacyVmxNames
{
    public static uint? VmxReasonOf(long svmCode) => svmCode switch
    {
        0x72 => 10,   // "cpuid"
        0x79 => 14,   // "invlpg"
        0x7d => 9,    // "task_switch"
        0x81 => 18,   // "hypercall" (VMCALL)
        0x89 => 54,   // "wbinvd"
        _ => null,
    };
}
