using TraceLab.Ingest.Tests.Oracle;
using TraceLab.TestKit;
using Xunit.Abstractions;

namespace TraceLab.Ingest.Tests.Corpus;

/// <summary>
/// The differential oracle on real data: every corpus file is ingested by TraceLab and read by the slow reference
/// parser, and every line the reference parser understands must come out the same — header fields, decoded
/// A0..A5, and for exits the pairing (entry, latency, companions, flags). A disagreement prints the input line and
/// both values, so the failure says which side is wrong without a debugger.
/// </summary>
public sealed class CorpusDifferentialTests(ITestOutputHelper output)
{
    [SharedTheory]
    [MemberData(nameof(CorpusFiles.All), MemberType = typeof(CorpusFiles))]
    public async Task Store_agrees_with_the_reference_parser(string file)
    {
        CorpusIngestResult ingest = await CorpusIngest.GetAsync(file);
        NaiveTrace naive = NaiveTraceParser.Parse(ingest.Bytes);
        DifferentialReport report = OracleComparer.Compare(naive, ingest.Store);
        output.WriteLine(report.Describe(file));
        foreach (IGrouping<string, Disagreement> known in report.Disagreements
            .Select(d => (d, bug: KnownDisagreements.All.FirstOrDefault(k => k.Matches(d))?.Bug)).Where(x => x.bug is not null)
            .GroupBy(x => x.bug!, x => x.d))
        {
            output.WriteLine($"known bug, {known.Count()} disagreement(s): {known.Key}");
        }

        report.Disagreements.RemoveAll(d => KnownDisagreements.All.Any(k => k.Matches(d)));
        Assert.True(report.Disagreements.Count == 0, report.Describe(file));
        Assert.True(report.EventsCompared > 0 || naive.Events.Count == 0, "the reference parser compared nothing");
    }
}
