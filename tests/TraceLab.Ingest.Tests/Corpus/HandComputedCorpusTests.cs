using System.Text;
using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Corpus;

/// <summary>
/// Values users rely on, computed by hand (or by grep/awk) from the trace text, never by TraceLab code: the exits
/// and latencies of a small real trace, the per-event counts the corpus authors published, and the plain line
/// count of kvm_exit in the biggest report.
/// </summary>
public sealed class HandComputedCorpusTests
{
    /// <summary>
    /// vmx-ctf-kvm-challenge-pio-hlt.txt, worked out line by line (ns = difference of the printed µs stamps):
    /// line 6 EXTERNAL_INTERRUPT .290332 → entry line 7 .290334 = 2 µs, previous entry line 5 .290326 → ran 6 µs;
    /// line 8 IO_INSTRUCTION .290337 → fpu, KVM_EXIT_IO (2), fpu, pio → entry line 13 .290382 = 45 µs, ran 3 µs;
    /// line 14 IO_INSTRUCTION .290384 → same four companions → entry line 19 .290414 = 30 µs, ran 2 µs;
    /// line 20 is a cut "kvm_exit" (not an exit); a second run (tid 21643) follows the blank line 21:
    /// line 23 HLT .281945 → fpu, KVM_EXIT_HLT (5), fpu → entry line 27 .281960 = 15 µs, ran 2 µs;
    /// line 28 HLT .281961 → fpu, KVM_EXIT_HLT (5), fpu, then the trace ends: no latency, ran 1 µs.
    /// </summary>
    [SharedFact]
    public async Task Ctf_pio_hlt_trace_has_the_hand_computed_exits_and_latencies()
    {
        CorpusIngestResult ingest = await CorpusIngest.GetAsync("public/vmx-ctf-kvm-challenge-pio-hlt.txt");
        TableColumns ex = TableColumns.Read(ingest.Store.GetTable(ExitColumns.Schema.Name), ExitColumns.Count);
        IReadOnlyList<string> reasons = ingest.Store.GetStringPool(StringPools.Reasons);
        var actual = Enumerable.Range(0, ex.RowCount).OrderBy(r => ex[ExitColumns.Line][r]).Select(r => (
            Line: ex[ExitColumns.Line][r], Tid: ex[ExitColumns.Tid][r], Reason: reasons[(int)ex[ExitColumns.Reason][r]],
            Handling: ex[ExitColumns.HandlingNs][r], GuestRun: ex[ExitColumns.GuestRunNs][r],
            Userspace: ex[ExitColumns.UserspaceReason][r], Companions: ex[ExitColumns.CompanionCount][r],
            Ended: (ex[ExitColumns.Flags][r] & (long)ExitFlags.TraceEnded) != 0)).ToList();

        (long, long, string, long, long, long, long, bool)[] expected =
        [
            (6, 24797, "EXTERNAL_INTERRUPT", 2_000, 6_000, -1, 0, false),
            (8, 24797, "IO_INSTRUCTION", 45_000, 3_000, 2, 4, false),
            (14, 24797, "IO_INSTRUCTION", 30_000, 2_000, 2, 4, false),
            (23, 21643, "HLT", 15_000, 2_000, 5, 3, false),
            (28, 21643, "HLT", -1, 1_000, 5, 3, true),
        ];
        Assert.Equal(expected, actual.Select(a => (a.Line, a.Tid, a.Reason, a.Handling, a.GuestRun, a.Userspace, a.Companions, a.Ended)));

        // The cut line 20 ("… 83184.290416: kvm_exit", 56 characters) is reported where the ':' should have been.
        var truncated = ingest.Store.Metadata.Issues.Single(i => i.Kind == "truncated-line");
        Assert.Equal((1L, 20L, 57), (truncated.Count, truncated.Samples[0].Line, truncated.Samples[0].Column));
    }

    /// <summary>counts.txt was made with awk by the corpus authors; every text file must give exactly those counts.</summary>
    [SharedTheory]
    [InlineData("ftrace.txt")]
    [InlineData("trace-cmd-report.txt")]
    [InlineData("ftrace-kvm-only.txt")]
    [InlineData("perf-script.txt")]
    public async Task Real_traces_have_the_published_event_counts(string file)
    {
        Dictionary<string, long> expected = CountsFile.Read(SharedDir.Combine("corpus", "real", "counts.txt"))[file];
        CorpusIngestResult ingest = await CorpusIngest.GetAsync("real/" + file);
        TableColumns ev = TableColumns.Read(ingest.Store.GetTable(EventColumns.Schema.Name), EventColumns.Count);
        IReadOnlyList<string> names = ingest.Store.GetStringPool(StringPools.EventNames);
        Dictionary<string, long> actual = Enumerable.Range(0, ev.RowCount)
            .Where(r => (EventKind)ev[EventColumns.Kind][r] is not (EventKind.Gap or EventKind.LostEvents))
            .GroupBy(r => names[(int)ev[EventColumns.Name][r]])
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Empty(ingest.Store.Metadata.Issues);
    }

    /// <summary>
    /// README: ftrace.txt has 1292 kvm_fpu loads; userspace exits MMIO 480, IRQ_WINDOW_OPEN 328, IO 324, HLT 160;
    /// 166 kvm_inj_exception, all #UD (vector 6), 2 of them "[reinjected]" (checked with grep).
    /// </summary>
    [SharedFact]
    public async Task Real_ftrace_decodes_to_the_published_payload_counts()
    {
        CorpusIngestResult ingest = await CorpusIngest.GetAsync("real/ftrace.txt");
        TableColumns ev = TableColumns.Read(ingest.Store.GetTable(EventColumns.Schema.Name), EventColumns.Count);
        int[] rows = [.. Enumerable.Range(0, ev.RowCount)];
        IEnumerable<int> Of(EventKind kind) => rows.Where(r => ev[EventColumns.Kind][r] == (long)kind);

        Assert.Equal(1292, Of(EventKind.Fpu).Count(r => ev[EventColumns.A0][r] == 1));
        Assert.Equal(1292, Of(EventKind.Fpu).Count(r => ev[EventColumns.A0][r] == 0));
        var userspace = Of(EventKind.UserspaceExit).GroupBy(r => ev[EventColumns.A0][r]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<long, int> { [6] = 480, [7] = 328, [2] = 324, [5] = 160 }, userspace);
        Assert.Equal(166, Of(EventKind.InjException).Count(r => ev[EventColumns.A0][r] == 6));
        Assert.Equal(2, Of(EventKind.InjException).Count(r => ev[EventColumns.A3][r] == 1));
    }

    /// <summary>The big report's kvm_exit count must equal a plain count of lines containing " kvm_exit: ".</summary>
    [SharedFact]
    public async Task Large_report_has_one_exit_per_kvm_exit_line()
    {
        CorpusIngestResult ingest = await CorpusIngest.GetAsync("public/tracedat-v7-host65-large.report.txt.gz");
        long lines = 0;
        foreach (string line in Encoding.UTF8.GetString(ingest.Bytes).Split('\n'))
        {
            if (line.Contains(" kvm_exit: ", StringComparison.Ordinal))
            {
                lines++;
            }
        }

        Assert.Equal(110_653, lines);   // grep -c ' kvm_exit: ' on the decompressed report
        Assert.Equal(lines, ingest.Store.Metadata.Exits);
        Assert.Equal(lines, ingest.Store.GetTable(ExitColumns.Schema.Name)!.RowCount);
        Assert.Equal(110_654, ingest.Store.Metadata.Entries);   // grep -c ' kvm_entry: '
    }
}
