using TraceLab.Store;
using TraceLab.Store.Metadata;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>Merges what the stores' metadata already knows: vCPU threads and ingest issues.</summary>
internal static class MetadataMerger
{
    /// <summary>Samples kept per issue kind after merging (the first ones, in store order).</summary>
    public const int MaxIssueSamples = 20;

    /// <summary>vCPU threads merged by (vm, vcpu, tid) with their exits summed, filtered, by vm, vcpu, tid.</summary>
    public static List<VcpuSummary> Vcpus(IReadOnlyList<ITraceStore> stores, StatsOptions options)
    {
        var exits = new Dictionary<(int Vm, int Vcpu, int Tid), long>();
        foreach (ITraceStore store in stores)
        {
            foreach (VcpuInfo info in store.Metadata.Vcpus)
            {
                if ((options.Vm is { } vm && info.Vm != vm) || (options.Vcpu is { } vcpu && info.Vcpu != vcpu))
                {
                    continue;
                }

                var key = (info.Vm, info.Vcpu, info.Tid);
                exits[key] = exits.GetValueOrDefault(key) + info.Exits;
            }
        }

        var list = new List<VcpuSummary>(exits.Count);
        foreach (KeyValuePair<(int Vm, int Vcpu, int Tid), long> entry in exits)
        {
            list.Add(new VcpuSummary(entry.Key.Vm, entry.Key.Vcpu, entry.Key.Tid, entry.Value));
        }

        list.Sort(static (x, y) =>
        {
            int c = x.Vm.CompareTo(y.Vm);
            c = c != 0 ? c : x.Vcpu.CompareTo(y.Vcpu);
            return c != 0 ? c : x.Tid.CompareTo(y.Tid);
        });
        return list;
    }

    /// <summary>
    /// Issues merged by kind: counts summed, samples concatenated in store order up to <see cref="MaxIssueSamples"/>,
    /// severity of the first store that reported the kind. Ordered by count descending, then kind.
    /// </summary>
    public static List<IssueSummary> Issues(IReadOnlyList<ITraceStore> stores)
    {
        var byKind = new Dictionary<string, IssueSummary>(StringComparer.Ordinal);
        var list = new List<IssueSummary>();
        foreach (ITraceStore store in stores)
        {
            foreach (IssueSummary issue in store.Metadata.Issues)
            {
                if (!byKind.TryGetValue(issue.Kind, out IssueSummary? merged))
                {
                    merged = new IssueSummary { Kind = issue.Kind, Severity = issue.Severity };
                    byKind.Add(issue.Kind, merged);
                    list.Add(merged);
                }

                merged.Count += issue.Count;
                foreach (IssueSample sample in issue.Samples)
                {
                    if (merged.Samples.Count < MaxIssueSamples)
                    {
                        merged.Samples.Add(new IssueSample { File = sample.File, Line = sample.Line, Column = sample.Column, Text = sample.Text });
                    }
                }
            }
        }

        list.Sort(static (x, y) => x.Count != y.Count ? y.Count.CompareTo(x.Count) : string.CompareOrdinal(x.Kind, y.Kind));
        return list;
    }
}
