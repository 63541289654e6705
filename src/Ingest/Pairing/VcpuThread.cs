namespace TraceLab.Ingest.Pairing;

/// <summary>What the tracker knows about one vCPU thread between events.</summary>
internal sealed class VcpuThread
{
    public VcpuThread(long key, int tid) => (Key, Tid) = (key, tid);

    public long Key { get; }

    public int Tid { get; }

    public int Tgid { get; set; } = -1;

    public int Vcpu { get; set; } = -1;

    public int Vm { get; set; } = -1;

    public int TaskId { get; set; }

    public long Exits { get; set; }

    /// <summary>The thread has had at least one kvm_entry.</summary>
    public bool SawEntry { get; set; }

    /// <summary>Time of the last kvm_entry, or -1 when unknown (start of trace, lost events).</summary>
    public long LastEntryTimestamp { get; set; } = -1;

    /// <summary>The last kvm_entry/kvm_exit seen on this thread.</summary>
    public LastKvmEvent Last { get; set; }

    /// <summary>The exit whose handling has not ended yet.</summary>
    public OpenExit? Open { get; set; }

    /// <summary>A closed exit's object, kept for reuse by the thread's next exit.</summary>
    public OpenExit? Spare { get; set; }

    /// <summary>The thread's current KVM_RUN id (-1 before its first run is seen).</summary>
    public long Run { get; set; } = -1;

    /// <summary>A kvm_userspace_exit ended the run: the thread's next event starts a new KVM_RUN.</summary>
    public bool RunEnded { get; set; } = true;
}
