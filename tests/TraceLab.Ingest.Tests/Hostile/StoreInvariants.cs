using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Hostile;

/// <summary>
/// Facts every store must satisfy whatever the input: counts agree with tables, rows refer to rows of the right
/// kind, lines ascend in input order. Garbage may produce any issues it likes, but never an inconsistent store.
/// </summary>
public static class StoreInvariants
{
    /// <summary>Returns the violated invariants (empty when the store is consistent).</summary>
    public static List<string> Check(ITraceStore store, long inputLines)
    {
        var problems = new List<string>();
        TableColumns ev = TableColumns.Read(store.GetTable(EventColumns.Schema.Name), EventColumns.Count);
        TableColumns ex = TableColumns.Read(store.GetTable(ExitColumns.Schema.Name), ExitColumns.Count);
        int names = store.GetStringPool(StringPools.EventNames).Count;
        int tasks = store.GetStringPool(StringPools.Tasks).Count;
        int reasons = store.GetStringPool(StringPools.Reasons).Count;

        Require(problems, store.Metadata.Events == ev.RowCount, $"metadata.events {store.Metadata.Events} != event rows {ev.RowCount}");
        Require(problems, store.Metadata.Exits == ex.RowCount, $"metadata.exits {store.Metadata.Exits} != exit rows {ex.RowCount}");
        long exitKinds = ev[EventColumns.Kind].Count(k => k == (long)EventKind.Exit);
        long entryKinds = ev[EventColumns.Kind].Count(k => k == (long)EventKind.Entry);
        Require(problems, exitKinds == ex.RowCount, $"{exitKinds} Exit rows but {ex.RowCount} exit-table rows");
        Require(problems, store.Metadata.Entries == entryKinds, $"metadata.entries {store.Metadata.Entries} != Entry rows {entryKinds}");
        Require(problems, store.Metadata.Issues.All(i => i.Count > 0 && i.Samples.Count <= i.Count), "an issue kind with a zero count or more samples than occurrences");

        long previousLine = 0;
        for (int r = 0; r < ev.RowCount; r++)
        {
            long line = ev[EventColumns.Line][r];
            Require(problems, line >= previousLine && line >= 1 && line <= inputLines, $"event row {r}: line {line} out of order or range (previous {previousLine}, {inputLines} lines)");
            previousLine = line;
            Require(problems, ev[EventColumns.Name][r] >= 0 && ev[EventColumns.Name][r] < names, $"event row {r}: name id {ev[EventColumns.Name][r]} outside the pool");
            Require(problems, ev[EventColumns.Task][r] >= 0 && ev[EventColumns.Task][r] < tasks, $"event row {r}: task id outside the pool");
            Require(problems, Enum.IsDefined((EventKind)ev[EventColumns.Kind][r]), $"event row {r}: undefined kind {ev[EventColumns.Kind][r]}");
            Require(problems, ev[EventColumns.PayloadOffset][r] >= 0 && ev[EventColumns.PayloadLength][r] >= 0, $"event row {r}: negative payload location");
            if (problems.Count > 20)
            {
                return problems;
            }
        }

        for (int r = 0; r < ex.RowCount; r++)
        {
            long row = ex[ExitColumns.EventRow][r];
            Require(problems, row >= 0 && row < ev.RowCount && ev[EventColumns.Kind][row] == (long)EventKind.Exit, $"exit row {r}: event_row {row} is not an Exit row");
            long entry = ex[ExitColumns.EntryEventRow][r];
            Require(problems, entry == -1 || (entry > row && entry < ev.RowCount && ev[EventColumns.Kind][entry] == (long)EventKind.Entry), $"exit row {r}: entry_event_row {entry} is not a later Entry row");
            long handling = ex[ExitColumns.HandlingNs][r];
            Require(problems, handling >= -1 && (handling == -1 || entry >= 0), $"exit row {r}: handling_ns {handling} without an entry");
            Require(problems, ex[ExitColumns.GuestRunNs][r] >= -1, $"exit row {r}: guest_run_ns {ex[ExitColumns.GuestRunNs][r]}");
            long first = ex[ExitColumns.CompanionFirst][r];
            long last = ex[ExitColumns.CompanionLast][r];
            long count = ex[ExitColumns.CompanionCount][r];
            Require(problems, count == 0 ? first == -1 && last == -1 : first > row && last >= first && last < ev.RowCount && count <= last - first + 1,
                $"exit row {r}: companions [{first}, {last}] x{count}");
            long reason = ex[ExitColumns.Reason][r];
            Require(problems, reason >= 0 && reason < reasons, $"exit row {r}: reason id {reason} outside the pool ({reasons})");
            Require(problems, ex[ExitColumns.Line][r] == ev[EventColumns.Line][row], $"exit row {r}: line differs from its event row's");
            if (problems.Count > 20)
            {
                return problems;
            }
        }

        return problems;
    }

    private static void Require(List<string> problems, bool condition, string message)
    {
        if (!condition)
        {
            problems.Add(message);
        }
    }
}
