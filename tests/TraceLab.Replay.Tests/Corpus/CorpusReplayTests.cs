using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using TraceLab.Ingest.Pipeline;
using TraceLab.Replay.Checking;
using TraceLab.Replay.Model;
using TraceLab.Replay.Output;
using TraceLab.Store;
using TraceLab.TestKit;

namespace TraceLab.Replay.Tests.Corpus;

/// <summary>
/// Every real trace of ../shared/corpus replays: VMX traces in VMX mode, SVM traces as SVM (no model), and what
/// replay reports on each is pinned in a golden file (mode per VM, episodes, rule counts with the first line of each,
/// undecidable counts), so that any change in what replay says about real traces is seen and explained in review.
/// The explanations of the current findings are in the issue notes and docs/rules.md.
/// </summary>
public sealed class CorpusReplayTests
{
    [SharedTheory]
    [MemberData(nameof(CorpusFiles.All), MemberType = typeof(CorpusFiles))]
    public async Task Corpus_trace_replays_as_pinned(string name)
    {
        byte[] bytes = CorpusFiles.Read(name);
        var input = new TraceInput(name, bytes.Length, () => PipeReader.Create(new MemoryStream(bytes)));
        (MemoryStore store, _) = await TraceIngester.IngestToMemoryAsync([input], new IngestOptions());
        ReplayReport report;
        using (store)
        {
            report = new ReplayEngine(new ReplayOptions()).Run([store], [name]);
        }

        Assert.DoesNotContain(report.Vms, vm => vm.Mode == GuestMode.Tdx);   // the corpus has no TD traces
        GoldenFile.AssertMatches(Summarize(report), Path.Combine("Corpus", GoldenName(name)));
    }

    private static string GoldenName(string name) =>
        name.Replace(".txt.gz", ".gz", StringComparison.Ordinal).Replace(".txt", "", StringComparison.Ordinal) + ".tsv";

    private static string Summarize(ReplayReport report)
    {
        var text = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"episodes\t{report.Episodes}\ndecided\t{report.Decided}\n");
        foreach (VmSummary vm in report.Vms)
        {
            text.Append(inv, $"vm\t{vm.Vm}\t{vm.Mode}\t{vm.Episodes}\n");
        }

        foreach ((string rule, long count) in report.Rules)
        {
            Divergence first = report.Divergences.First(d => d.Rule == rule);
            text.Append(inv, $"rule\t{rule}\t{count}\tfirst line {first.EventLine}\n");
        }

        foreach (UndecidableCount u in report.Undecidable)
        {
            text.Append(inv, $"undecidable\t{u.Reason}\t{u.Count}\tfirst line {u.FirstLine}\n");
        }

        return text.ToString();
    }
}
