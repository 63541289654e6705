namespace TraceLab.Ingest.Pairing;

/// <summary>
/// Decides which VM a vCPU thread belongs to. When the trace prints the process id (ftrace's tgid column, perf's
/// pid/tid) the VM is that process. Otherwise text traces do not say, and TraceLab infers it: vCPU ids restart at 0
/// in every VM, so two threads claiming the same vCPU id must be in different VMs. A new thread joins the VM where
/// its vCPU slot is free and whose threads have the nearest thread ids (QEMU creates a VM's vCPU threads together,
/// so their ids are close); if no VM has the slot free within <see cref="MaxTidDistance"/>, it starts a new VM.
/// docs/store-format.md states this heuristic.
/// </summary>
internal sealed class VmAssigner
{
    /// <summary>How far apart two vCPU thread ids of one VM may be (threads created in one burst are adjacent).</summary>
    public const long MaxTidDistance = 256;

    private readonly Dictionary<int, int> _vmByTgid = [];

    // Inferred VMs: the vCPU slots each one has taken, and every member thread ordered by tid, so that a new thread
    // finds its candidate VMs by a range query (threads within MaxTidDistance) instead of a scan of every VM:
    // a host running thousands of short-lived microVMs must not make ingest quadratic.
    private readonly List<HashSet<int>> _slots = [];
    private readonly List<int> _inferredIds = [];
    private readonly SortedSet<(int Tid, int Vm)> _members = [];
    private int _next;

    /// <summary>Starts a new recording: its processes and threads are new VMs, numbered after the ones so far.</summary>
    public void StartRecording()
    {
        _vmByTgid.Clear();
        _slots.Clear();
        _inferredIds.Clear();
        _members.Clear();
    }

    public int Assign(int tgid, int vcpu, int tid)
    {
        if (tgid >= 0)
        {
            if (!_vmByTgid.TryGetValue(tgid, out int vm))
            {
                vm = _next++;
                _vmByTgid.Add(tgid, vm);
            }

            return vm;
        }

        int best = -1;
        long bestDistance = long.MaxValue;
        int low = (int)Math.Max(int.MinValue, tid - MaxTidDistance);
        int high = (int)Math.Min(int.MaxValue, tid + MaxTidDistance);
        foreach ((int memberTid, int index) in _members.GetViewBetween((low, int.MinValue), (high, int.MaxValue)))
        {
            long distance = Math.Abs((long)memberTid - tid);
            if (distance < bestDistance && !_slots[index].Contains(vcpu))
            {
                bestDistance = distance;
                best = index;
            }
        }

        if (best < 0)
        {
            _slots.Add([]);
            _inferredIds.Add(_next++);
            best = _slots.Count - 1;
        }

        _slots[best].Add(vcpu);
        _members.Add((tid, best));
        return _inferredIds[best];
    }
}
