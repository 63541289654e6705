namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// Closes userspace exits whose next kvm_entry lies in a later row group: walks one store's event row groups in order
/// and pairs each thread's open userspace exit with that thread's first terminator in a following group. An exit
/// followed first by another userspace exit (a KVM_RUN that never entered the guest) or by nothing (end of trace)
/// stays unpaired.
/// </summary>
internal static class UserspaceStitcher
{
    public static void Stitch(StoreContext store, GroupKeyMap keys, List<GroupAccumulator> accumulators)
    {
        var open = new Dictionary<(long File, long Thread), OpenUserspaceExit>();
        foreach (UserspaceBoundary? boundary in store.Boundaries)
        {
            if (boundary is null)
            {
                continue;
            }

            foreach (ThreadFirst first in boundary.Firsts)
            {
                if (!open.Remove((first.File, first.Thread), out OpenUserspaceExit exit) || !first.IsEntry)
                {
                    continue;
                }

                long latency = first.Timestamp - exit.Timestamp;
                int index = keys.IndexOf(exit.Key.Primary, exit.Key.Secondary);
                if (latency >= 0 && index >= 0)
                {
                    accumulators[index].Latency.Add(latency);
                }
            }

            foreach (OpenUserspaceExit exit in boundary.Open)
            {
                open[(exit.File, exit.Thread)] = exit;
            }
        }
    }
}
