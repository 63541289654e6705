using TraceLab.Store;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>Skips a whole row group when the vm/vcpu filters fall outside its column ranges (no decoding needed).</summary>
internal static class RowGroupFilter
{
    public static bool MayMatch(ITableSource table, int rowGroup, int vmColumn, int vcpuColumn, ScanPlan plan)
    {
        if (plan.FilterVm && !Contains(table.ColumnRange(rowGroup, vmColumn), plan.WantVm))
        {
            return false;
        }

        return !plan.FilterVcpu || Contains(table.ColumnRange(rowGroup, vcpuColumn), plan.WantVcpu);
    }

    private static bool Contains((long Min, long Max) range, long value) => value >= range.Min && value <= range.Max;
}
