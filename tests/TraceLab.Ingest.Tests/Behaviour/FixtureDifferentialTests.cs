using TraceLab.Ingest.Tests.Oracle;
using TraceLab.Ingest.Tests.Support;

namespace TraceLab.Ingest.Tests.Behaviour;

/// <summary>The reference parser must agree with the store on every fixture line it understands (see CorpusDifferentialTests).</summary>
public sealed class FixtureDifferentialTests
{
    [Theory]
    [MemberData(nameof(FixtureFiles.All), MemberType = typeof(FixtureFiles))]
    public async Task Store_agrees_with_the_reference_parser(string fixture)
    {
        byte[] bytes = FixtureFiles.Read(fixture);
        var (store, _) = await TestIngest.RunAsync(bytes, name: fixture);
        DifferentialReport report = OracleComparer.Compare(NaiveTraceParser.Parse(bytes), store);
        report.Disagreements.RemoveAll(d => KnownDisagreements.All.Any(k => k.Matches(d)));
        Assert.True(report.Disagreements.Count == 0, report.Describe(fixture));
    }
}
