using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// Scans one row group of the event table for kvm_userspace_exit. Every mode counts them for the report's
/// userspace totals; userspace mode also groups them and pairs each with the next kvm_entry of its thread (same
/// input file and tid) for a latency, leaving exits still open at the group's end to <see cref="UserspaceStitcher"/>.
/// </summary>
internal static class EventScanner
{
    private const long UserspaceExitKind = (long)EventKind.UserspaceExit;
    private const long EntryKind = (long)EventKind.Entry;

    // Threads without a tid (formats that do not print one) are told apart by vCPU, tagged so they cannot collide with a tid.
    private const long VcpuThreadTag = 1L << 40;

    public static void Scan(StoreContext store, int rowGroup, PartialStats partial)
    {
        ScanPlan plan = partial.Plan;
        ITableSource table = store.Events!;
        if (!RowGroupFilter.MayMatch(table, rowGroup, EventColumns.Vm, EventColumns.Vcpu, plan))
        {
            return;
        }

        if (plan.Options.Event == StatsEvent.Userspace)
        {
            ScanUserspaceMode(store, table, rowGroup, partial);
            return;
        }

        (long kindMin, long kindMax) = table.ColumnRange(rowGroup, EventColumns.Kind);
        if (UserspaceExitKind < kindMin || UserspaceExitKind > kindMax)
        {
            return;
        }

        ColumnBuffers buffers = partial.Buffers;
        Span<long> kind = buffers.Read(table, rowGroup, EventColumns.Kind, ColumnSlot.Kind);
        int i = kind.IndexOf(UserspaceExitKind);
        if (i < 0)
        {
            return;
        }

        Span<long> a0 = buffers.Read(table, rowGroup, EventColumns.A0, ColumnSlot.A0);
        Span<long> a1 = default;
        Span<long> vm = plan.FilterVm ? buffers.ReadOrFill(table, rowGroup, EventColumns.Vm, ColumnSlot.Vm) : default;
        Span<long> vcpu = plan.FilterVcpu ? buffers.ReadOrFill(table, rowGroup, EventColumns.Vcpu, ColumnSlot.Vcpu) : default;

        // Userspace exits are a few percent of events: jump between them with a vectorised search.
        while (i >= 0)
        {
            if (plan.Matches(vm, vcpu, i))
            {
                // The errno (a1) only matters for the errno form (a0 = -1): decode it the first time one shows up.
                if (a0[i] < 0 && a1.IsEmpty)
                {
                    a1 = buffers.Read(table, rowGroup, EventColumns.A1, ColumnSlot.A1);
                }

                partial.UserspaceTotals.Add(UserspaceCode.FromEventFields(a0[i], a0[i] < 0 ? a1[i] : 0));
            }

            int next = kind[(i + 1)..].IndexOf(UserspaceExitKind);
            i = next < 0 ? -1 : i + 1 + next;
        }
    }

    private static void ScanUserspaceMode(StoreContext store, ITableSource table, int rowGroup, PartialStats partial)
    {
        ScanPlan plan = partial.Plan;
        ColumnBuffers buffers = partial.Buffers;
        Span<long> kind = buffers.Read(table, rowGroup, EventColumns.Kind, ColumnSlot.Kind);
        Span<long> a0 = buffers.Read(table, rowGroup, EventColumns.A0, ColumnSlot.A0);
        Span<long> a1 = buffers.Read(table, rowGroup, EventColumns.A1, ColumnSlot.A1);
        Span<long> tid = buffers.Read(table, rowGroup, EventColumns.Tid, ColumnSlot.Tid);
        Span<long> file = buffers.ReadOrFill(table, rowGroup, EventColumns.File, ColumnSlot.File);
        Span<long> timestamp = buffers.Read(table, rowGroup, EventColumns.Timestamp, ColumnSlot.Timestamp);
        Span<long> vm = buffers.ReadOrFill(table, rowGroup, EventColumns.Vm, ColumnSlot.Vm);
        Span<long> vcpu = buffers.ReadOrFill(table, rowGroup, EventColumns.Vcpu, ColumnSlot.Vcpu);
        ThreadStates threads = partial.Threads;
        threads.Clear();
        for (int i = 0; i < kind.Length; i++)
        {
            long k = kind[i];
            if (k != UserspaceExitKind && k != EntryKind)
            {
                continue;
            }

            long thread = tid[i] >= 0 ? tid[i] : VcpuThreadTag | (uint)vcpu[i];
            int t = threads.Touch(file[i], thread, k == EntryKind, timestamp[i]);
            if (k == EntryKind)
            {
                if (threads.IsOpen(t))
                {
                    long latency = timestamp[i] - threads.OpenTimestamp(t);
                    if (latency >= 0)
                    {
                        partial.AddLatency(threads.OpenGroup(t), latency);
                    }

                    threads.Close(t);
                }

                continue;
            }

            // A userspace exit: the previous open one on this thread (if any) never saw an entry: it stays unpaired.
            threads.Close(t);
            if (!plan.Matches(vm, vcpu, i))
            {
                continue;
            }

            long code = UserspaceCode.FromEventFields(a0[i], a1[i]);
            partial.UserspaceTotals.Add(code);
            int index = partial.Slot(plan.UseKey ? code : 0, plan.UseVm ? plan.Secondary(vm[i], plan.UseVcpu ? vcpu[i] : 0) : 0);
            partial.Stats(index).Count++;
            threads.Open(t, timestamp[i], index);
        }

        store.Boundaries[rowGroup] = threads.ToBoundary(partial);
    }
}
