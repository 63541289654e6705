using System.Globalization;
using System.Text;
using TraceLab.Store.Metadata;

namespace TraceLab.Analysis.Stats.Writers;

/// <summary>
/// Writes the report for a terminal, in the manner of <c>perf kvm stat report</c>: one line per group with samples,
/// samples%, time%, min, p50, p90, p99, p99.9, max and mean (µs with 3 decimals, or raw ticks), then the userspace
/// exits per group, the userspace exit totals and a one-line summary of ingest issues.
/// </summary>
public static class TableStatsWriter
{
    public static void Write(StatsReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        bool ns = string.Equals(report.TimeUnit, "ns", StringComparison.Ordinal);
        StatsOptions options = report.Options;
        output.Write("Analyze " + StatsLabels.ModeName(options.Event) + " events for " + Scope(options)
            + (ns ? " (times in µs):" : " (times in clock ticks):") + "\n\n");

        var table = new TextTable(KeyHeaders(options));
        foreach (StatsRow row in report.Rows)
        {
            LatencySummary l = row.Latency;
            List<string> cells = KeyCells(row, options);
            cells.AddRange(
            [
                NumberFormat.Integer(l.Count),
                NumberFormat.Percent(l.Count, report.TotalCount),
                NumberFormat.Percent(l.TotalNs, report.TotalNs),
                NumberFormat.Time(l.MinNs, ns),
                NumberFormat.Time(l.P50Ns, ns),
                NumberFormat.Time(l.P90Ns, ns),
                NumberFormat.Time(l.P99Ns, ns),
                NumberFormat.Time(l.P999Ns, ns),
                NumberFormat.Time(l.MaxNs, ns),
                NumberFormat.Mean(l.MeanNs, ns),
            ]);
            table.Add(cells);
        }

        table.Write(output);
        output.Write("\n" + Totals(report, ns) + "\n");
        WriteUserspace(report, output);
        output.Write(IssueLine(report.Issues) + "\n");
    }

    private static string Scope(StatsOptions options)
    {
        string vm = options.Vm is { } v ? "VM " + v.ToString(CultureInfo.InvariantCulture) : "all VMs";
        string vcpu = options.Vcpu is { } c ? "vCPU " + c.ToString(CultureInfo.InvariantCulture) : "all vCPUs";
        return vm + ", " + vcpu;
    }

    private static List<(string Name, bool Left)> KeyHeaders(StatsOptions options)
    {
        var headers = new List<(string, bool)>();
        if (options.GroupBy is StatsGrouping.Reason or StatsGrouping.ReasonVcpu)
        {
            headers.Add((StatsLabels.KeyHeader(options.Event), true));
        }

        if (options.GroupBy != StatsGrouping.Reason)
        {
            headers.Add(("VM", false));
        }

        if (options.GroupBy is StatsGrouping.Vcpu or StatsGrouping.ReasonVcpu)
        {
            headers.Add(("VCPU", false));
        }

        foreach (string name in (string[])["Samples", "Samples%", "Time%", "Min", "p50", "p90", "p99", "p99.9", "Max", "Mean"])
        {
            headers.Add((name, false));
        }

        return headers;
    }

    private static List<string> KeyCells(StatsRow row, StatsOptions options)
    {
        var cells = new List<string>(14);
        if (options.GroupBy is StatsGrouping.Reason or StatsGrouping.ReasonVcpu)
        {
            cells.Add(row.Reason ?? "");
        }

        if (row.Vm is { } vm)
        {
            cells.Add(vm.ToString(CultureInfo.InvariantCulture));
        }

        if (row.Vcpu is { } vcpu)
        {
            cells.Add(vcpu.ToString(CultureInfo.InvariantCulture));
        }

        return cells;
    }

    private static string Totals(StatsReport report, bool ns)
    {
        var line = new StringBuilder();
        line.Append("Total samples: ").Append(NumberFormat.Integer(report.TotalCount));
        line.Append(", paired: ").Append(NumberFormat.Integer(report.TotalPaired));
        line.Append(", total handled time: ").Append(NumberFormat.Time(report.TotalNs, ns)).Append(ns ? " µs" : " ticks");
        if (report.TotalPaired < report.TotalCount)
        {
            line.Append("\n(").Append(NumberFormat.Integer(report.TotalCount - report.TotalPaired))
                .Append(" without a following kvm_entry: counted in Samples, not in the times)");
        }

        foreach (StatsRow row in report.Rows)
        {
            if (!row.Latency.ExactPercentiles)
            {
                line.Append("\n(percentiles of groups with more than ")
                    .Append(NumberFormat.Integer(report.Options.ExactPercentileLimit))
                    .Append(" samples come from a log-linear histogram: within 0.2 % of the exact value)");
                break;
            }
        }

        return line.ToString();
    }

    private static void WriteUserspace(StatsReport report, TextWriter output)
    {
        bool header = false;
        foreach (StatsRow row in report.Rows)
        {
            if (row.Userspace.Count == 0)
            {
                continue;
            }

            if (!header)
            {
                output.Write("\nUserspace exits by " + StatsLabels.KeyHeader(report.Options.Event) + ":\n");
                header = true;
            }

            output.Write("  " + StatsLabels.Describe(row) + ": " + StatsLabels.Counts(row.Userspace) + "\n");
        }

        long total = 0;
        foreach (UserspaceCount count in report.UserspaceExits)
        {
            total += count.Count;
        }

        output.Write("\nUserspace exits (kvm_userspace_exit): " + NumberFormat.Integer(total)
            + (total > 0 ? " (" + StatsLabels.Counts(report.UserspaceExits) + ")" : "") + "\n");
    }

    private static string IssueLine(IReadOnlyList<IssueSummary> issues)
    {
        if (issues.Count == 0)
        {
            return "Ingest issues: none";
        }

        long total = 0;
        var parts = new string[issues.Count];
        for (int i = 0; i < issues.Count; i++)
        {
            total += issues[i].Count;
            parts[i] = issues[i].Kind + " " + issues[i].Count.ToString(CultureInfo.InvariantCulture);
        }

        return "Ingest issues: " + NumberFormat.Integer(total) + " (" + string.Join(", ", parts) + "); --json lists where they happened";
    }
}
