using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Pairing;

/// <summary>A kvm_exit waiting for the end of its handling; becomes an exit-table row when it closes.</summary>
internal sealed class OpenExit
{
    // Every field is set by VcpuExitTracker.OnExit each time the object is recycled for a new exit.
    public long Timestamp;
    public int Cpu;
    public int Isa;
    public long ReasonCode;
    public int ReasonId;
    public long Rip;
    public long Info1;
    public long Info2;
    public long IntrInfo;
    public long ErrorCode;
    public long Requests;
    public long EventRow;
    public long GuestRunNs;
    public long Run;
    public long UserspaceReason = -1;
    public long UserspaceErrno;
    public long CompanionFirst = -1;
    public long CompanionLast = -1;
    public long CompanionCount;
    public ExitFlags Flags;
    public long File;
    public long Line;
}
