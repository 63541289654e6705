using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>
/// Compares a store (one input file) with the reference parser's reading of the same bytes, line by line: every
/// line the reference understood must have exactly the rows it expects (one event row, one lost-events row, or
/// none for comments and continuations) with equal fields, and every exit it paired with certainty must have the
/// same latency, entry, companions and flags. Lines it did not understand are skipped, never guessed.
/// </summary>
public static class OracleComparer
{
    /// <summary>Reason codes at or above this stand for names no table knows (the reasons pool holds the text).</summary>
    private const long UnknownReasonBase = 1L << 48;

    public static DifferentialReport Compare(NaiveTrace naive, ITraceStore store)
    {
        var report = new DifferentialReport();
        TableColumns events = TableColumns.Read(store.GetTable(EventColumns.Schema.Name), EventColumns.Count);
        TableColumns exits = TableColumns.Read(store.GetTable(ExitColumns.Schema.Name), ExitColumns.Count);
        IReadOnlyList<string> tasks = store.GetStringPool(StringPools.Tasks);
        IReadOnlyList<string> names = store.GetStringPool(StringPools.EventNames);
        IReadOnlyList<string> reasons = store.GetStringPool(StringPools.Reasons);
        ILookup<long, int> rowsByLine = Enumerable.Range(0, events.RowCount).ToLookup(r => events[EventColumns.Line][r]);
        ILookup<long, int> exitsByLine = Enumerable.Range(0, exits.RowCount).ToLookup(r => exits[ExitColumns.Line][r]);

        foreach (NaiveLine line in naive.Lines)
        {
            int[] rows = [.. rowsByLine[line.Number]];
            switch (line.Kind)
            {
                case NaiveLineKind.Unknown:
                    report.UnknownLines++;
                    continue;
                case NaiveLineKind.NotAnEvent or NaiveLineKind.Continuation:
                    report.LinesCompared++;
                    foreach (int r in rows)
                    {
                        report.Add(line.Number, "row-for-non-event", $"{(EventKind)events[EventColumns.Kind][r]} row", "no row", line.Text);
                    }

                    continue;
                case NaiveLineKind.LostEvents:
                    report.LinesCompared++;
                    if (rows.Length != 1 || events[EventColumns.Kind][rows[0]] != (long)EventKind.LostEvents)
                    {
                        report.Add(line.Number, "lost-events-row", Kinds(events, rows), "one LostEvents row", line.Text);
                        continue;
                    }

                    Check(report, line, "lost.cpu", events[EventColumns.Cpu][rows[0]], line.LostCpu);
                    Check(report, line, "lost.count", events[EventColumns.A0][rows[0]], line.LostCount);
                    continue;
                default:
                    break;
            }

            report.LinesCompared++;
            NaiveEvent ev = line.Event!;
            if (rows.Length != 1)
            {
                report.Add(line.Number, "event-row", Kinds(events, rows), $"one {ev.Kind} row", line.Text);
                continue;
            }

            report.EventsCompared++;
            CompareEvent(report, line, ev, events, rows[0], tasks, names, reasons);
        }

        CompareExits(report, naive, events, exits, rowsByLine, exitsByLine, reasons);
        return report;
    }

    private static void CompareEvent(DifferentialReport report, NaiveLine line, NaiveEvent ev, TableColumns events, int r,
        IReadOnlyList<string> tasks, IReadOnlyList<string> names, IReadOnlyList<string> reasons)
    {
        Check(report, line, "kind", (EventKind)events[EventColumns.Kind][r], ev.Kind);
        Check(report, line, "name", Pool(names, events[EventColumns.Name][r]), ev.Name);
        Check(report, line, "timestamp", events[EventColumns.Timestamp][r], ev.Timestamp);
        Check(report, line, "cpu", events[EventColumns.Cpu][r], (long)ev.Cpu);
        Check(report, line, "tid", events[EventColumns.Tid][r], (long)ev.Tid);
        Check(report, line, "task", Pool(tasks, events[EventColumns.Task][r]), ev.Task);
        if (ev.ExpectedVcpu is int vcpu)
        {
            Check(report, line, "vcpu", events[EventColumns.Vcpu][r], (long)vcpu);
        }

        if (ev.PayloadOffset >= 0)
        {
            Check(report, line, "payload_offset", events[EventColumns.PayloadOffset][r], ev.PayloadOffset);
            Check(report, line, "payload_length", events[EventColumns.PayloadLength][r], (long)ev.PayloadLength);
        }

        for (int i = 0; i < 6; i++)
        {
            long stored = events[EventColumns.A0 + i][r];
            if (ev.Decoded.A[i] is long expected)
            {
                if (stored != expected)
                {
                    Check(report, line, $"{ev.Kind}.a{i}", stored, expected, hex: true);
                }
            }
            else if (i == 0 && ev.Kind == EventKind.Exit && ev.Decoded is { Status: NaiveDecodeStatus.Complete, ReasonKnown: false })
            {
                // A reason no table knows is kept by its printed text.
                string? text = stored >= UnknownReasonBase ? Pool(reasons, stored - UnknownReasonBase) : null;
                Check(report, line, "Exit.a0(unknown reason text)", text, ev.Decoded.ReasonText);
            }
        }
    }

    private static void CompareExits(DifferentialReport report, NaiveTrace naive, TableColumns events, TableColumns exits,
        ILookup<long, int> rowsByLine, ILookup<long, int> exitsByLine, IReadOnlyList<string> reasons)
    {
        long exitEventRows = events[EventColumns.Kind].Count(k => k == (long)EventKind.Exit);
        if (exitEventRows != exits.RowCount)
        {
            report.Add(0, "exit-rows-vs-exit-events", exits.RowCount, exitEventRows, "(whole file)");
        }

        foreach (NaiveExit x in naive.Exits)
        {
            NaiveEvent ev = x.Event;
            var line = new NaiveLine { Number = ev.Line, Text = naive.Lines[(int)ev.Line - 1].Text };
            int[] rows = [.. exitsByLine[ev.Line]];
            if (rows.Length != 1)
            {
                report.Add(ev.Line, "exit-row", rows.Length + " exit rows", "one exit row", line.Text);
                continue;
            }

            int r = rows[0];
            report.ExitsCompared++;
            Check(report, line, "exit.timestamp", exits[ExitColumns.Timestamp][r], ev.Timestamp);
            Check(report, line, "exit.cpu", exits[ExitColumns.Cpu][r], (long)ev.Cpu);
            Check(report, line, "exit.tid", exits[ExitColumns.Tid][r], (long)ev.Tid);
            if (x.Vcpu is int vcpu)
            {
                Check(report, line, "exit.vcpu", exits[ExitColumns.Vcpu][r], (long)vcpu);
            }

            int[] eventRow = [.. rowsByLine[ev.Line]];
            if (eventRow.Length == 1)
            {
                Check(report, line, "exit.event_row", exits[ExitColumns.EventRow][r], (long)eventRow[0]);
            }

            NaiveDecoded d = ev.Decoded;
            if (d.Status == NaiveDecodeStatus.Complete)
            {
                long code = exits[ExitColumns.ReasonCode][r];
                if (d.ReasonKnown)
                {
                    Check(report, line, "exit.reason_code", code, d.A[0]!.Value & 0xFFFF_FFFF, hex: true);
                }
                else
                {
                    Check(report, line, "exit.reason(unknown text)", code >= UnknownReasonBase ? Pool(reasons, code - UnknownReasonBase) : null, d.ReasonText);
                }

                if (d.ReasonIsa is Isa isa)
                {
                    Check(report, line, "exit.isa", exits[ExitColumns.Isa][r], (long)isa);
                }

                Check(report, line, "exit.rip", exits[ExitColumns.Rip][r], d.A[1]!.Value, hex: true);
                Check(report, line, "exit.info1", exits[ExitColumns.Info1][r], d.A[2]!.Value, hex: true);
                Check(report, line, "exit.info2", exits[ExitColumns.Info2][r], d.A[3]!.Value, hex: true);
                Check(report, line, "exit.intr_info", exits[ExitColumns.IntrInfo][r], d.A[4]!.Value & 0xFFFF_FFFF, hex: true);
                Check(report, line, "exit.error_code", exits[ExitColumns.ErrorCode][r], (d.A[4]!.Value >> 32) & 0xFFFF_FFFF, hex: true);
                Check(report, line, "exit.requests", exits[ExitColumns.Requests][r], d.A[5]!.Value, hex: true);
            }

            if (!x.Certain)
            {
                continue;
            }

            report.ExitPairingsCompared++;
            int[] entryRow = x.EntryLine < 0 ? [] : [.. rowsByLine[x.EntryLine]];
            Check(report, line, "exit.entry_event_row", exits[ExitColumns.EntryEventRow][r], x.EntryLine < 0 ? -1L : entryRow.Length == 1 ? entryRow[0] : -99L);
            Check(report, line, "exit.handling_ns", exits[ExitColumns.HandlingNs][r], x.HandlingNs);
            if (x.GuestRunNs is long run)
            {
                Check(report, line, "exit.guest_run_ns", exits[ExitColumns.GuestRunNs][r], run);
            }

            if (x.UserspaceExits <= 1)
            {
                Check(report, line, "exit.userspace_reason", exits[ExitColumns.UserspaceReason][r], x.UserspaceReason);
                Check(report, line, "exit.userspace_errno", exits[ExitColumns.UserspaceErrno][r], x.UserspaceErrno);
            }

            Check(report, line, "exit.companion_count", exits[ExitColumns.CompanionCount][r], x.CompanionCount);
            Check(report, line, "exit.flags", StoreDump.FlagNames((ExitFlags)exits[ExitColumns.Flags][r]), StoreDump.FlagNames(x.Flags));
        }
    }

    private static void Check<T>(DifferentialReport report, NaiveLine line, string field, T store, T naive, bool hex = false)
    {
        if (EqualityComparer<T>.Default.Equals(store, naive))
        {
            return;
        }

        report.Add(line.Number, field, hex && store is long s ? StoreDump.Hex(s) : store, hex && naive is long n ? StoreDump.Hex(n) : naive, line.Text);
    }

    private static string Kinds(TableColumns events, int[] rows) =>
        rows.Length == 0 ? "no row" : string.Join(",", rows.Select(r => ((EventKind)events[EventColumns.Kind][r]).ToString()));

    private static string? Pool(IReadOnlyList<string> pool, long id) => id >= 0 && id < pool.Count ? pool[(int)id] : null;
}
