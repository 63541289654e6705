using System.Globalization;
using System.Text;
using TraceLab.Store;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Corpus;

/// <summary>
/// A summary of a store small enough to keep as a golden for a corpus file that may not be copied into this
/// repository: events per name, exits per reason (count, paired, handling sum/min/max), issue kinds with counts and
/// the first sample's line:column (never its text), the vCPU list, and one checksum per event-table column. Any
/// change in any column of any row changes a checksum, so the golden is as strict as a full dump.
/// </summary>
public static class CorpusAggregate
{
    public static string Build(ITraceStore store)
    {
        TableColumns ev = TableColumns.Read(store.GetTable(EventColumns.Schema.Name), EventColumns.Count);
        TableColumns ex = TableColumns.Read(store.GetTable(ExitColumns.Schema.Name), ExitColumns.Count);
        IReadOnlyList<string> names = store.GetStringPool(StringPools.EventNames);
        IReadOnlyList<string> reasons = store.GetStringPool(StringPools.Reasons);
        StoreMetadata m = store.Metadata;
        var sb = new StringBuilder();
        sb.Append("# tracelab corpus aggregate v1\n\n[metadata]\n")
            .Append("time_unit\t").Append(m.TimeUnit).Append('\n')
            .Append("events\t").Append(N(m.Events)).Append('\n')
            .Append("exits\t").Append(N(m.Exits)).Append('\n')
            .Append("entries\t").Append(N(m.Entries)).Append('\n')
            .Append("first_timestamp\t").Append(N(m.FirstTimestamp)).Append('\n')
            .Append("last_timestamp\t").Append(N(m.LastTimestamp)).Append('\n')
            .Append("format\t").AppendJoin(',', m.Sources.Select(s => s.Format)).Append('\n')
            .Append("lines\t").Append(N(m.Sources.Sum(s => s.Lines))).Append('\n');

        sb.Append("\n[events per name]\nname\tcount\n");
        foreach (var g in ev[EventColumns.Name].GroupBy(id => names[(int)id]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append(g.Key).Append('\t').Append(N(g.Count())).Append('\n');
        }

        sb.Append("\n[exits per reason]\nreason\tcount\tpaired\thandling_sum\thandling_min\thandling_max\n");
        foreach (var g in Enumerable.Range(0, ex.RowCount).GroupBy(r => reasons[(int)ex[ExitColumns.Reason][r]]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            long[] handling = [.. g.Select(r => ex[ExitColumns.HandlingNs][r]).Where(h => h >= 0)];
            long paired = g.Count(r => (ex[ExitColumns.Flags][r] & (long)ExitFlags.Paired) != 0);
            sb.Append(g.Key).Append('\t').Append(N(g.Count())).Append('\t').Append(N(paired)).Append('\t')
                .Append(N(handling.Sum())).Append('\t').Append(handling.Length == 0 ? "-" : N(handling.Min())).Append('\t')
                .Append(handling.Length == 0 ? "-" : N(handling.Max())).Append('\n');
        }

        sb.Append("\n[issues]\nkind\tcount\tfirst(line:column)\n");
        foreach (IssueSummary i in m.Issues.OrderBy(i => i.Kind, StringComparer.Ordinal))
        {
            IssueSample? first = i.Samples.FirstOrDefault();
            sb.Append(i.Kind).Append('\t').Append(N(i.Count)).Append('\t')
                .Append(first is null ? "-" : $"{N(first.Line)}:{N(first.Column)}").Append('\n');
        }

        sb.Append("\n[vcpus]\nvm\tvcpu\ttid\texits\n");
        foreach (VcpuInfo v in m.Vcpus)
        {
            sb.Append(N(v.Vm)).Append('\t').Append(N(v.Vcpu)).Append('\t').Append(N(v.Tid)).Append('\t').Append(N(v.Exits)).Append('\n');
        }

        sb.Append("\n[event column checksums] (FNV-1a 64 over each column's values in row order)\n");
        for (int c = 0; c < EventColumns.Count; c++)
        {
            sb.Append(EventColumns.Schema.Columns[c].Name).Append('\t').Append(Fnv1a(ev[c]).ToString("x16", CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>FNV-1a over the little-endian bytes of every value: stable across runs and platforms, unlike HashCode.</summary>
    public static ulong Fnv1a(long[] values)
    {
        ulong hash = 0xcbf29ce484222325;
        foreach (long v in values)
        {
            ulong x = (ulong)v;
            for (int b = 0; b < 8; b++)
            {
                hash = (hash ^ ((x >> (8 * b)) & 0xff)) * 0x100000001b3;
            }
        }

        return hash;
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
