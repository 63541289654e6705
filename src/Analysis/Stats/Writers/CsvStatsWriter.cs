using System.Globalization;
using CsvHelper;

namespace TraceLab.Analysis.Stats.Writers;

/// <summary>
/// Writes the report's rows as CSV (RFC 4180: CRLF records, fields quoted when needed; invariant culture), one row
/// per group with the JSON row's fields as columns. The nested userspace list becomes one field:
/// <c>KVM_EXIT_IO=383;restart (4)=2</c>. Null values are empty fields.
/// </summary>
public static class CsvStatsWriter
{
    private static readonly CsvWriterOptions s_options = CsvWriterOptions.Default with
    {
        FormatProvider = CultureInfo.InvariantCulture,
        NewLine = "\r\n",
    };

    public static void Write(StatsReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        bool access = report.Options.Event is StatsEvent.Mmio or StatsEvent.IoPort or StatsEvent.Msr;
        bool vm = report.Options.GroupBy != StatsGrouping.Reason;
        bool vcpu = report.Options.GroupBy is StatsGrouping.Vcpu or StatsGrouping.ReasonVcpu;
        using CsvWriter csv = CsvWriter.Create(output, s_options, leaveOpen: true);
        WriteHeader(csv, access, vm, vcpu);
        foreach (StatsRow row in report.Rows)
        {
            LatencySummary latency = row.Latency;
            csv.WriteField(row.Reason ?? "");
            csv.WriteField(row.Code, default);
            if (access)
            {
                csv.WriteField(row.Access ?? "");
            }

            if (vm)
            {
                csv.WriteField(row.Vm, default);
            }

            if (vcpu)
            {
                csv.WriteField(row.Vcpu, default);
            }

            csv.WriteField(latency.Count, default);
            csv.WriteField(latency.Paired, default);
            csv.WriteField(latency.TotalNs, default);
            csv.WriteField(latency.MinNs, default);
            csv.WriteField(latency.P50Ns, default);
            csv.WriteField(latency.P90Ns, default);
            csv.WriteField(latency.P99Ns, default);
            csv.WriteField(latency.P999Ns, default);
            csv.WriteField(latency.MaxNs, default);
            csv.WriteField(latency.MeanNs, default);
            csv.WriteField(Userspace(row.Userspace));
            csv.EndRecord();
        }

        csv.Flush();
    }

    private static void WriteHeader(CsvWriter csv, bool access, bool vm, bool vcpu)
    {
        csv.WriteField("reason");
        csv.WriteField("code");
        if (access)
        {
            csv.WriteField("access");
        }

        if (vm)
        {
            csv.WriteField("vm");
        }

        if (vcpu)
        {
            csv.WriteField("vcpu");
        }

        foreach (string name in (string[])["count", "paired", "total_ns", "min_ns", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns", "mean_ns", "userspace"])
        {
            csv.WriteField(name);
        }

        csv.EndRecord();
    }

    private static string Userspace(IReadOnlyList<UserspaceCount> counts)
    {
        var parts = new string[counts.Count];
        for (int i = 0; i < counts.Count; i++)
        {
            parts[i] = counts[i].Reason + "=" + counts[i].Count.ToString(CultureInfo.InvariantCulture);
        }

        return string.Join(';', parts);
    }
}
