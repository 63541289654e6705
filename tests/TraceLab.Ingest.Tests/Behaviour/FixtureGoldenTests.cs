using TraceLab.Ingest.Tests.Support;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Behaviour;

/// <summary>
/// Every hand-written fixture under Fixtures/ ingested and dumped in full (StoreDump) against a reviewed golden
/// under Golden/Fixtures/. A change in any column, pool, issue or pairing fact shows up as a diff to review;
/// <c>TRACELAB_ACCEPT=1</c> blesses intended changes.
/// </summary>
public sealed class FixtureGoldenTests
{
    [Theory]
    [MemberData(nameof(FixtureFiles.All), MemberType = typeof(FixtureFiles))]
    public async Task Store_dump_matches_golden(string fixture)
    {
        var (store, _) = await TestIngest.RunAsync(FixtureFiles.Read(fixture), name: fixture);
        GoldenFile.AssertMatches(StoreDump.Dump(store), FixtureFiles.GoldenFor(fixture));
    }
}
