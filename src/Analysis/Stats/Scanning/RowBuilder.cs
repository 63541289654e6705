using System.Globalization;
using TraceLab.Store;
using TraceLab.Store.Kvm;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>Turns merged accumulators into sorted report rows: labels, codes and latency summaries.</summary>
internal static class RowBuilder
{
    public static List<StatsRow> Build(ScanPlan plan, GroupKeyMap keys, List<GroupAccumulator> groups)
    {
        var pools = new IReadOnlyList<string>?[plan.Stores.Length];
        var rows = new List<StatsRow>(groups.Count);
        for (int i = 0; i < groups.Count; i++)
        {
            GroupKey key = keys.Keys[i];
            GroupAccumulator group = groups[i];
            StatsEvent mode = plan.Options.Event;
            bool isAccess = mode is StatsEvent.Mmio or StatsEvent.IoPort or StatsEvent.Msr;
            rows.Add(new StatsRow
            {
                Reason = plan.UseKey ? Label(plan, key.Primary, group, pools) : null,
                Code = plan.UseKey ? Code(mode, key.Primary) : null,
                Isa = plan.UseKey && mode == StatsEvent.VmExit ? (Isa)(key.Primary >> 32) : Isa.Unknown,
                Access = plan.UseKey && isAccess ? ((key.Primary & 1) != 0 ? "write" : "read") : null,
                Vm = plan.UseVm ? key.Vm : null,
                Vcpu = plan.UseVcpu ? key.Vcpu : null,
                Latency = group.Latency.Summarize(group.Count),
                Userspace = group.Userspace?.ToSortedList() ?? [],
            });
        }

        rows.Sort(Compare);
        return rows;
    }

    /// <summary>Count descending, then code, isa, vm, vcpu, access and label: a total order, so output is deterministic.</summary>
    public static int Compare(StatsRow x, StatsRow y)
    {
        int c = y.Latency.Count.CompareTo(x.Latency.Count);
        if (c == 0)
        {
            c = Nullable.Compare(x.Code, y.Code);
        }

        if (c == 0)
        {
            c = x.Isa.CompareTo(y.Isa);
        }

        if (c == 0)
        {
            c = Nullable.Compare(x.Vm, y.Vm);
        }

        if (c == 0)
        {
            c = Nullable.Compare(x.Vcpu, y.Vcpu);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(x.Access, y.Access);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Reason, y.Reason);
    }

    private static long Code(StatsEvent mode, long primary) => mode switch
    {
        StatsEvent.VmExit => (uint)primary,
        StatsEvent.Userspace => primary,
        _ => (long)((ulong)primary >> 1),
    };

    private static string Label(ScanPlan plan, long primary, GroupAccumulator group, IReadOnlyList<string>?[] pools)
    {
        switch (plan.Options.Event)
        {
            case StatsEvent.VmExit:
                return ReasonName(plan, primary, group, pools);
            case StatsEvent.Userspace:
                return UserspaceCode.Label(primary);
            default:
                bool write = (primary & 1) != 0;
                string direction = plan.Options.Event == StatsEvent.IoPort ? (write ? "POUT" : "PIN") : (write ? "W" : "R");
                return "0x" + ((ulong)primary >> 1).ToString("x", CultureInfo.InvariantCulture) + ":" + direction;
        }
    }

    // The name ingest stored for the group's earliest row; the kernel tables or hex only when the pool lacks it.
    private static string ReasonName(ScanPlan plan, long primary, GroupAccumulator group, IReadOnlyList<string>?[] pools)
    {
        if (group.FirstOrder != long.MaxValue && group.FirstReasonId >= 0)
        {
            int store = (int)(group.FirstOrder >> 48);
            IReadOnlyList<string> pool = pools[store] ??= plan.Stores[store].Store.GetStringPool(StringPools.Reasons);
            if (group.FirstReasonId < pool.Count && pool[(int)group.FirstReasonId] is { Length: > 0 } name)
            {
                return name;
            }
        }

        uint code = (uint)primary;
        string? known = (Isa)(primary >> 32) switch
        {
            Isa.Vmx when code <= 0xFFFF => VmxExitReasons.NameOf(code),
            Isa.Svm => SvmExitReasons.NameOf(code),
            _ => null,
        };
        return known ?? "0x" + code.ToString("x", CultureInfo.InvariantCulture);
    }
}
