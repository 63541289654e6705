using TraceLab.Store.Kvm;

namespace TraceLab.Replay.Episodes;

/// <summary>One event of a vCPU thread as the store holds it (A0..A5 per kind: see EventColumns).</summary>
public readonly record struct ObservedEvent(EventKind Kind, long Row, long Timestamp, int File, long Line, long A0, long A1, long A2, long A3, long A4, long A5)
{
    /// <summary>A kvm_userspace_exit printed as <c>restart (4)</c>: a signal or immediate_exit ended KVM_RUN (-EINTR).</summary>
    public bool IsRestart => Kind == EventKind.UserspaceExit && A0 < 0 && A1 == 4;

    /// <summary>A kvm_userspace_exit printed as <c>error (N)</c>, N ≠ 4: KVM_RUN failed with -N.</summary>
    public bool IsRunError => Kind == EventKind.UserspaceExit && A0 < 0 && A1 != 4;
}
