using System.Runtime.ExceptionServices;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// Runs the scanners over every row group on a fixed number of workers, one <see cref="PartialStats"/> each, and
/// merges the partials. Workers take the next row group from a shared counter, so a slow group does not hold the
/// others up. Merging uses only order-independent operations, so the result does not depend on scheduling.
/// </summary>
/// <remarks>
/// Parallel.For with localInit makes one partial per task, and on long work items the thread pool keeps adding tasks:
/// on 2 cores that meant dozens of partials, each renting buffers and building histograms. Exactly one partial per
/// worker keeps memory at (workers × decode buffers + groups × histogram).
/// </remarks>
internal static class ParallelScan
{
    public static (GroupKeyMap Keys, List<GroupAccumulator> Groups, CodeCounter UserspaceTotals) Run(ScanPlan plan, List<WorkItem> work)
    {
        int requested = plan.Options.MaxDegreeOfParallelism;
        int workers = Math.Max(1, Math.Min(requested > 0 ? requested : Environment.ProcessorCount, work.Count));
        var partials = new PartialStats[workers];
        int next = -1;
        try
        {
            for (int w = 0; w < workers; w++)
            {
                partials[w] = new PartialStats(plan);
            }

            if (workers == 1)
            {
                Work(plan, work, partials[0], ref next);
            }
            else
            {
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w => Work(plan, work, partials[w], ref next));
            }
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        finally
        {
            foreach (PartialStats? partial in partials)
            {
                partial?.Dispose();
            }
        }

        return Merge(partials);
    }

    private static void Work(ScanPlan plan, List<WorkItem> work, PartialStats partial, ref int next)
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < work.Count)
        {
            WorkItem item = work[i];
            StoreContext store = plan.Stores[item.Store];
            if (item.Events)
            {
                EventScanner.Scan(store, item.RowGroup, partial);
            }
            else
            {
                ExitScanner.Scan(store, item.RowGroup, partial);
            }
        }
    }

    private static (GroupKeyMap, List<GroupAccumulator>, CodeCounter) Merge(PartialStats[] partials)
    {
        var keys = new GroupKeyMap();
        var groups = new List<GroupAccumulator>();
        var totals = new CodeCounter();
        foreach (PartialStats partial in partials)
        {
            totals.Merge(partial.UserspaceTotals);
            IReadOnlyList<GroupKey> partialKeys = partial.Groups.Keys;
            for (int i = 0; i < partialKeys.Count; i++)
            {
                int index = keys.GetOrAdd(partialKeys[i].Primary, partialKeys[i].Secondary, out bool added);
                if (added)
                {
                    groups.Add(new GroupAccumulator(partial.Plan.Options.ExactPercentileLimit));
                }

                partial.MergeInto(i, groups[index]);
            }
        }

        return (keys, groups, totals);
    }
}
