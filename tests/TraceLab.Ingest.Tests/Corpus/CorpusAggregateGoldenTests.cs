using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Corpus;

/// <summary>
/// Each corpus file's store summarised (CorpusAggregate) against a golden under Golden/Corpus/. The corpus may not
/// be copied here, but a summary of what TraceLab made of it may: counts, latencies, issue locations, checksums.
/// </summary>
public sealed class CorpusAggregateGoldenTests
{
    [SharedTheory]
    [MemberData(nameof(CorpusFiles.All), MemberType = typeof(CorpusFiles))]
    public async Task Aggregate_matches_golden(string file)
    {
        CorpusIngestResult ingest = await CorpusIngest.GetAsync(file);
        GoldenFile.AssertMatches(CorpusAggregate.Build(ingest.Store), Path.Combine("Corpus", file.Replace(".txt.gz", ".gz", StringComparison.Ordinal).Replace(".txt", "", StringComparison.Ordinal) + ".tsv"));
    }
}
