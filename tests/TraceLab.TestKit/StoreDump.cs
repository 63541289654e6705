using System.Globalization;
using System.Text;
using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;

namespace TraceLab.TestKit;

/// <summary>
/// A canonical, diffable TSV of everything a store holds: metadata counts, vCPUs, issues (kind, count and the
/// line:column of each kept sample), string pools, and every event and exit row with every column. Register-like
/// values (reason codes, rips, info, addresses) are hex so a reviewer can check them against the trace text;
/// kinds and exit flags are spelled out. Nothing that varies between runs (writer, elapsed time) is included,
/// so two ingests of the same bytes must give byte-identical dumps whatever the segment shape or thread count.
/// </summary>
public static class StoreDump
{
    /// <summary>Event kinds whose A0..A5 hold addresses, register values or codes, and are printed in hex.</summary>
    private static readonly HashSet<EventKind> s_hexKinds =
    [
        EventKind.Exit, EventKind.Entry, EventKind.PageFault, EventKind.Pio, EventKind.Mmio, EventKind.FastMmio,
        EventKind.Msr, EventKind.Cpuid, EventKind.Hypercall, EventKind.EmulateInsn, EventKind.NestedVmexit,
    ];

    public static string Dump(ITraceStore store)
    {
        var sb = new StringBuilder();
        sb.Append("# tracelab store dump v1\n");
        AppendMetadata(sb, store.Metadata);
        foreach (string pool in new[] { StringPools.Tasks, StringPools.EventNames, StringPools.Reasons, StringPools.Files })
        {
            sb.Append("\n[pool ").Append(pool).Append("]\n");
            IReadOnlyList<string> values = store.GetStringPool(pool);
            for (int i = 0; i < values.Count; i++)
            {
                sb.Append(Num(i)).Append('\t').Append(Escape(values[i])).Append('\n');
            }
        }

        AppendEvents(sb, TableColumns.Read(store.GetTable(EventColumns.Schema.Name), EventColumns.Count));
        AppendExits(sb, TableColumns.Read(store.GetTable(ExitColumns.Schema.Name), ExitColumns.Count));
        return sb.ToString();
    }

    /// <summary>The issue block alone (kind, severity, count, sample locations), for tests that check issues only.</summary>
    public static string Issues(StoreMetadata metadata)
    {
        var sb = new StringBuilder();
        foreach (IssueSummary issue in metadata.Issues.OrderBy(i => i.Kind, StringComparer.Ordinal))
        {
            sb.Append(issue.Kind).Append('\t').Append(issue.Severity).Append('\t').Append(Num(issue.Count)).Append('\t')
                .AppendJoin(',', issue.Samples.Select(s => $"{Num(s.Line)}:{Num(s.Column)}")).Append('\n');
        }

        return sb.ToString();
    }

    public static string Hex(long value) => "0x" + ((ulong)value).ToString("x", CultureInfo.InvariantCulture);

    private static void AppendMetadata(StringBuilder sb, StoreMetadata m)
    {
        sb.Append("\n[metadata]\n")
            .Append("time_unit\t").Append(m.TimeUnit).Append('\n')
            .Append("clock_hz\t").Append(Num(m.ClockHz)).Append('\n')
            .Append("events\t").Append(Num(m.Events)).Append('\n')
            .Append("exits\t").Append(Num(m.Exits)).Append('\n')
            .Append("entries\t").Append(Num(m.Entries)).Append('\n')
            .Append("first_timestamp\t").Append(Num(m.FirstTimestamp)).Append('\n')
            .Append("last_timestamp\t").Append(Num(m.LastTimestamp)).Append('\n');
        sb.Append("\n[sources]\npath\tformat\tbytes\tlines\tevents\n");
        foreach (SourceInfo s in m.Sources)
        {
            sb.Append(Escape(s.Path)).Append('\t').Append(s.Format).Append('\t').Append(Num(s.Bytes)).Append('\t')
                .Append(Num(s.Lines)).Append('\t').Append(Num(s.Events)).Append('\n');
        }

        sb.Append("\n[vcpus]\nvm\tvcpu\ttid\ttgid\ttask\texits\n");
        foreach (VcpuInfo v in m.Vcpus)
        {
            sb.Append(Num(v.Vm)).Append('\t').Append(Num(v.Vcpu)).Append('\t').Append(Num(v.Tid)).Append('\t')
                .Append(Num(v.Tgid)).Append('\t').Append(Escape(v.Task)).Append('\t').Append(Num(v.Exits)).Append('\n');
        }

        sb.Append("\n[issues]\nkind\tseverity\tcount\tsamples(line:column)\n").Append(Issues(m));
    }

    private static void AppendEvents(StringBuilder sb, TableColumns t)
    {
        sb.Append("\n[events] rows=").Append(Num(t.RowCount))
            .Append(" (a0..a5 hex for ").AppendJoin(',', s_hexKinds.Order()).Append(")\nrow");
        foreach (ColumnDef c in EventColumns.Schema.Columns)
        {
            sb.Append('\t').Append(c.Name);
        }

        sb.Append('\n');
        for (int r = 0; r < t.RowCount; r++)
        {
            var kind = (EventKind)t[EventColumns.Kind][r];
            sb.Append(Num(r));
            for (int c = 0; c < EventColumns.Count; c++)
            {
                long v = t[c][r];
                sb.Append('\t');
                if (c == EventColumns.Kind)
                {
                    sb.Append(kind);
                }
                else if (c >= EventColumns.A0 && s_hexKinds.Contains(kind))
                {
                    sb.Append(Hex(v));
                }
                else
                {
                    sb.Append(Num(v));
                }
            }

            sb.Append('\n');
        }
    }

    private static void AppendExits(StringBuilder sb, TableColumns t)
    {
        sb.Append("\n[exits] rows=").Append(Num(t.RowCount)).Append("\nrow");
        foreach (ColumnDef c in ExitColumns.Schema.Columns)
        {
            sb.Append('\t').Append(c.Name);
        }

        sb.Append('\n');
        for (int r = 0; r < t.RowCount; r++)
        {
            sb.Append(Num(r));
            for (int c = 0; c < ExitColumns.Count; c++)
            {
                long v = t[c][r];
                sb.Append('\t');
                if (c == ExitColumns.Flags)
                {
                    sb.Append(FlagNames((ExitFlags)v));
                }
                else if (ExitColumns.Schema.Columns[c].Unit == "hex")
                {
                    sb.Append(Hex(v));
                }
                else
                {
                    sb.Append(Num(v));
                }
            }

            sb.Append('\n');
        }
    }

    /// <summary>Flag names joined by '|' in bit order ("None" for 0); unknown bits as hex, so new flags show up.</summary>
    public static string FlagNames(ExitFlags flags)
    {
        if (flags == ExitFlags.None)
        {
            return "None";
        }

        var names = new List<string>();
        long rest = (long)flags;
        foreach (ExitFlags f in Enum.GetValues<ExitFlags>())
        {
            if (f != ExitFlags.None && (flags & f) == f)
            {
                names.Add(f.ToString());
                rest &= ~(long)f;
            }
        }

        if (rest != 0)
        {
            names.Add(Hex(rest));
        }

        return string.Join('|', names);
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Makes a string safe for one TSV cell: backslash, tab, CR and LF are escaped; other control bytes as \xNN.</summary>
    public static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\n': sb.Append(@"\n"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }
}
