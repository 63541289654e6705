using TraceLab.Analysis.Stats.Scanning;
using TraceLab.Store;

namespace TraceLab.Analysis.Stats;

/// <summary>
/// Computes <c>tracelab stats</c> over one or more stores (their union): per-group counts, exact latency totals and
/// nearest-rank percentiles, userspace exit breakdowns, vCPU threads and ingest issues (docs/stats.md).
/// </summary>
/// <remarks>
/// Row groups are scanned in parallel, decoding only the columns the options need into pooled buffers; each worker
/// fills its own accumulators and the engine merges them at the end, so the report is the same for any thread count.
/// </remarks>
public static class StatsEngine
{
    public static StatsReport Compute(IReadOnlyList<ITraceStore> stores, StatsOptions options)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(options);
        if (stores.Count == 0)
        {
            throw new ArgumentException("At least one store is needed.", nameof(stores));
        }

        if (stores.Count > short.MaxValue)
        {
            throw new ArgumentException($"At most {short.MaxValue} stores can be combined.", nameof(stores));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.ExactPercentileLimit, nameof(options));
        string timeUnit = TimeUnitOf(stores);

        var contexts = new StoreContext[stores.Count];
        for (int s = 0; s < stores.Count; s++)
        {
            contexts[s] = new StoreContext(s, stores[s]);
        }

        (List<WorkItem> work, int maxRows) = PlanWork(contexts, options);
        var plan = new ScanPlan(options, contexts, maxRows);
        (GroupKeyMap keys, List<GroupAccumulator> groups, CodeCounter userspaceTotals) = ParallelScan.Run(plan, work);
        if (options.Event == StatsEvent.Userspace)
        {
            foreach (StoreContext store in contexts)
            {
                UserspaceStitcher.Stitch(store, keys, groups);
            }
        }

        List<StatsRow> rows = RowBuilder.Build(plan, keys, groups);
        long totalCount = 0, totalPaired = 0, totalNs = 0;
        foreach (StatsRow row in rows)
        {
            totalCount += row.Latency.Count;
            totalPaired += row.Latency.Paired;
            totalNs += row.Latency.TotalNs;
        }

        long events = 0, exits = 0, entries = 0;
        foreach (ITraceStore store in stores)
        {
            events += store.Metadata.Events;
            exits += store.Metadata.Exits;
            entries += store.Metadata.Entries;
        }

        return new StatsReport
        {
            Options = options,
            TimeUnit = timeUnit,
            Events = events,
            Exits = exits,
            Entries = entries,
            Rows = rows,
            TotalCount = totalCount,
            TotalPaired = totalPaired,
            TotalNs = totalNs,
            Vcpus = MetadataMerger.Vcpus(stores, options),
            UserspaceExits = userspaceTotals.ToSortedList(),
            Issues = MetadataMerger.Issues(stores),
        };
    }

    // Mixing nanoseconds with counter ticks would add unlike numbers: refuse rather than report nonsense.
    private static string TimeUnitOf(IReadOnlyList<ITraceStore> stores)
    {
        string unit = stores[0].Metadata.TimeUnit;
        for (int s = 1; s < stores.Count; s++)
        {
            if (!string.Equals(stores[s].Metadata.TimeUnit, unit, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Stores 1 and {s + 1} use different time units ('{unit}' and '{stores[s].Metadata.TimeUnit}'); compute their stats separately.",
                    nameof(stores));
            }
        }

        return string.IsNullOrEmpty(unit) ? "ns" : unit;
    }

    private static (List<WorkItem> Work, int MaxRows) PlanWork(StoreContext[] stores, StatsOptions options)
    {
        var work = new List<WorkItem>();
        int maxRows = 0;
        foreach (StoreContext store in stores)
        {
            if (options.Event != StatsEvent.Userspace && store.Exits is { } exits)
            {
                for (int g = 0; g < exits.RowGroupCount; g++)
                {
                    work.Add(new WorkItem(store.Index, Events: false, g));
                    maxRows = Math.Max(maxRows, exits.RowGroupRowCount(g));
                }
            }

            if (store.Events is { } events)
            {
                for (int g = 0; g < events.RowGroupCount; g++)
                {
                    work.Add(new WorkItem(store.Index, Events: true, g));
                    maxRows = Math.Max(maxRows, events.RowGroupRowCount(g));
                }
            }
        }

        return (work, maxRows);
    }
}
