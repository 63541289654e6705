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
    private readonly List<Dictionary<int, int>> _inferred = [];
    private readonly List<int> _inferredIds = [];
    private int _next;

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
        for (int i = 0; i < _inferred.Count; i++)
        {
            Dictionary<int, int> slots = _inferred[i];
            if (slots.ContainsKey(vcpu))
            {
                continue;
            }

            long distance = long.MaxValue;
            foreach (int member in slots.Values)
            {
                distance = Math.Min(distance, Math.Abs((long)member - tid));
            }

            if (distance <= MaxTidDistance && distance < bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }

        if (best < 0)
        {
            _inferred.Add([]);
            _inferredIds.Add(_next++);
            best = _inferred.Count - 1;
        }

        _inferred[best][vcpu] = tid;
        return _inferredIds[best];
    }
}
