using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace TraceLab.Benchmarks;

/// <summary>
/// The "ns/event" column: Mean divided by the events of one operation, for classes whose <see cref="Workload"/> is
/// recorded in "M events" (the merge step is judged per event, whatever the size of the input). "-" elsewhere.
/// </summary>
public sealed class NsPerEventColumn : IColumn
{
    public string Id => nameof(NsPerEventColumn);

    public string ColumnName => "ns/event";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Mean / events of one operation (classes whose work is counted in events)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (meanNs is not > 0 || Workload.Read(benchmarkCase.Descriptor.Type.Name, null) is not { Unit: "M events" } work)
        {
            return "-";
        }

        return (meanNs.Value / (work.Amount * 1e6)).ToString("N1", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
