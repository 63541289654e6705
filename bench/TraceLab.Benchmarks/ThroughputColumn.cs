using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace TraceLab.Benchmarks;

/// <summary>
/// How much work one benchmark operation does (bytes of text, values decoded, events summarised). GlobalSetup runs in
/// the benchmark's own process, so it records the amount in a small file of the cache folder, and the host process
/// reads it back when it prints the summary.
/// </summary>
internal static class Workload
{
    public static void Record(Type benchmark, string? parameter, double amount, string unit)
    {
        string line = amount.ToString("R", CultureInfo.InvariantCulture) + "\t" + unit;
        File.WriteAllText(PathOf(benchmark.Name, parameter), line);
    }

    public static (double Amount, string Unit)? Read(string benchmark, string? parameter)
    {
        string path = PathOf(benchmark, parameter);
        if (!File.Exists(path))
        {
            return null;
        }

        string[] parts = File.ReadAllText(path).Split('\t');
        return parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount)
            ? (amount, parts[1].Trim())
            : null;
    }

    private static string PathOf(string benchmark, string? parameter)
    {
        string dir = Path.Combine(BenchData.CacheDirectory, "workload");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, string.IsNullOrEmpty(parameter) ? benchmark + ".tsv" : $"{benchmark}-{parameter}.tsv");
    }
}

/// <summary>
/// The "Throughput" column: the work of one operation (see <see cref="Workload"/>) divided by the mean time, e.g.
/// "1,234 MB/s" of trace text or "250 M values/s". Every method of a class does the same work per operation, so the
/// column reads like the Ratio column, in absolute units.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "Throughput";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Work of one operation (bench/README.md) / Mean: MB/s of trace text, M values/s, M events/s";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        string? parameter = benchmarkCase.Parameters.Count == 0
            ? null
            : string.Join("-", benchmarkCase.Parameters.Items.Select(p => Convert.ToString(p.Value, CultureInfo.InvariantCulture)));
        if (meanNs is not > 0 || Workload.Read(benchmarkCase.Descriptor.Type.Name, parameter) is not { } work)
        {
            return "-";
        }

        double perSecond = work.Amount / (meanNs.Value / 1e9);
        return perSecond.ToString("N1", CultureInfo.InvariantCulture) + " " + work.Unit + "/s";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}

/// <summary>Adds <see cref="ThroughputColumn"/>; applied to every benchmark class with [Config].</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new ThroughputColumn());
}
