using System.Text.RegularExpressions;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>
/// A disagreement with the reference parser that is a reported, not yet fixed, ingest bug (see
/// KnownBugs/KnownParserBugsTests.cs). Matching is by field and input-line shape, so a new kind of disagreement is
/// never hidden by an old bug.
/// </summary>
public sealed record KnownDisagreement(string Bug, string[] Fields, Regex Line)
{
    public bool Matches(Disagreement d) => Fields.Contains(d.Field) && Line.IsMatch(d.Text);
}
