using TraceLab.Store;
using TraceLab.Store.Schema;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// Scans one row group of the exit table: vmexit mode keys each exit by (isa, full reason code); the access modes
/// (mmio, ioport, msr) key it by the access found among its companion events and skip exits that made none.
/// Every row adds to its group's count; rows with handling_ns ≥ 0 (paired) add their latency.
/// </summary>
/// <remarks>
/// The work is done in column passes over a per-row group index (keys, names, userspace, then counts and latencies)
/// rather than one loop doing everything: each pass keeps two or three spans live, so the JIT keeps them in
/// registers, and the last pass can batch by group (<see cref="PartialStats.Accumulate"/>).
/// </remarks>
internal static class ExitScanner
{
    public static void Scan(StoreContext store, int rowGroup, PartialStats partial)
    {
        ScanPlan plan = partial.Plan;
        ITableSource table = store.Exits!;
        if (!RowGroupFilter.MayMatch(table, rowGroup, ExitColumns.Vm, ExitColumns.Vcpu, plan))
        {
            return;
        }

        ColumnBuffers buffers = partial.Buffers;
        Span<long> vm = plan.NeedVm ? buffers.ReadOrFill(table, rowGroup, ExitColumns.Vm, ColumnSlot.Vm) : default;
        Span<long> vcpu = plan.NeedVcpu ? buffers.ReadOrFill(table, rowGroup, ExitColumns.Vcpu, ColumnSlot.Vcpu) : default;
        Span<int> rowGroups = partial.RowGroups(table.RowGroupRowCount(rowGroup));
        if (plan.Options.Event == StatsEvent.VmExit)
        {
            KeyByReason(table, rowGroup, partial, vm, vcpu, rowGroups);
        }
        else
        {
            KeyByAccess(store, table, rowGroup, partial, vm, vcpu, rowGroups);
        }

        if (plan.NeedNames)
        {
            NameGroups(store, table, rowGroup, partial, rowGroups);
        }

        // Most row groups of a compute-bound guest never go to userspace: the column range says so without decoding.
        (long usMin, long usMax) = table.ColumnRange(rowGroup, ExitColumns.UserspaceReason);
        if (usMin != -1 || usMax != -1)
        {
            Span<long> reasons = buffers.Read(table, rowGroup, ExitColumns.UserspaceReason, ColumnSlot.UserspaceReason);
            Span<long> errnos = usMin < -1 ? buffers.Read(table, rowGroup, ExitColumns.UserspaceErrno, ColumnSlot.UserspaceErrno) : default;
            partial.AddUserspaceRows(rowGroups, reasons, errnos);
        }

        partial.Accumulate(rowGroups, buffers.Read(table, rowGroup, ExitColumns.HandlingNs, ColumnSlot.Handling));
    }

    private static void KeyByReason(ITableSource table, int rowGroup, PartialStats partial, Span<long> vm, Span<long> vcpu, Span<int> rowGroups)
    {
        ScanPlan plan = partial.Plan;
        if (!plan.UseKey)
        {
            KeyByVcpu(plan, partial, vm, vcpu, rowGroups);
            return;
        }

        Span<long> isa = partial.Buffers.ReadOrFill(table, rowGroup, ExitColumns.Isa, ColumnSlot.Isa);
        Span<long> code = partial.Buffers.Read(table, rowGroup, ExitColumns.ReasonCode, ColumnSlot.Code);
        if (plan.FilterVm || plan.FilterVcpu)
        {
            for (int i = 0; i < rowGroups.Length; i++)
            {
                rowGroups[i] = plan.Matches(vm, vcpu, i)
                    ? partial.Slot((isa[i] << 32) | (uint)code[i], plan.UseVm ? plan.Secondary(vm[i], plan.UseVcpu ? vcpu[i] : 0) : 0)
                    : -1;
            }
        }
        else if (!plan.UseVm)
        {
            // The default (stats by reason, no filter): the loop worth specialising.
            for (int i = 0; i < rowGroups.Length; i++)
            {
                rowGroups[i] = partial.SlotByReason(isa[i], code[i]);
            }
        }
        else
        {
            // By reason and vcpu (UseVm is implied by UseVcpu in every grouping).
            for (int i = 0; i < rowGroups.Length; i++)
            {
                rowGroups[i] = partial.Slot((isa[i] << 32) | (uint)code[i], (vm[i] << 32) | (uint)vcpu[i]);
            }
        }
    }

    private static void KeyByVcpu(ScanPlan plan, PartialStats partial, Span<long> vm, Span<long> vcpu, Span<int> rowGroups)
    {
        for (int i = 0; i < rowGroups.Length; i++)
        {
            rowGroups[i] = plan.Matches(vm, vcpu, i) ? partial.Slot(0, plan.Secondary(vm[i], plan.UseVcpu ? vcpu[i] : 0)) : -1;
        }
    }

    private static void KeyByAccess(StoreContext store, ITableSource table, int rowGroup, PartialStats partial,
        Span<long> vm, Span<long> vcpu, Span<int> rowGroups)
    {
        rowGroups.Fill(-1);
        if (store.Events is null)
        {
            return;
        }

        ScanPlan plan = partial.Plan;
        ColumnBuffers buffers = partial.Buffers;
        Span<long> first = buffers.Read(table, rowGroup, ExitColumns.CompanionFirst, ColumnSlot.CompanionFirst);
        Span<long> count = buffers.Read(table, rowGroup, ExitColumns.CompanionCount, ColumnSlot.CompanionCount);
        Span<long> last = store.CompanionLastColumn >= 0
            ? buffers.Read(table, rowGroup, store.CompanionLastColumn, ColumnSlot.CompanionLast)
            : default;
        Span<long> tid = buffers.Read(table, rowGroup, ExitColumns.Tid, ColumnSlot.Tid);
        for (int i = 0; i < rowGroups.Length; i++)
        {
            if (first[i] < 0 || count[i] <= 0 || !plan.Matches(vm, vcpu, i)
                || !partial.Companions.TryFindAccess(store, first[i], last.IsEmpty ? -1 : last[i], count[i], tid[i], out long access))
            {
                continue;
            }

            rowGroups[i] = partial.Slot(plan.UseKey ? access : 0, plan.UseVm ? plan.Secondary(vm[i], plan.UseVcpu ? vcpu[i] : 0) : 0);
        }
    }

    private static void NameGroups(StoreContext store, ITableSource table, int rowGroup, PartialStats partial, Span<int> rowGroups)
    {
        long firstOrder = store.OrderOf(table.RowGroupFirstRow(rowGroup));
        partial.CollectNameCandidates(rowGroups, firstOrder);
        if (partial.NameCandidates.Count == 0)
        {
            return;
        }

        // Decoded only when a group may get an earlier first row: rarely, since keys are few.
        Span<long> reason = partial.Buffers.Read(table, rowGroup, ExitColumns.Reason, ColumnSlot.Reason);
        foreach ((int row, int index) in partial.NameCandidates)
        {
            ref GroupStats stats = ref partial.Stats(index);
            stats.FirstOrder = firstOrder + row;
            stats.FirstReasonId = reason[row];
        }
    }
}
