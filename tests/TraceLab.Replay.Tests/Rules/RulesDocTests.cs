using System.Text.RegularExpressions;
using TraceLab.Replay.Checking;
using TraceLab.Replay.Output;
using TraceLab.TestKit;

namespace TraceLab.Replay.Tests.Rules;

/// <summary>docs/rules.md documents every rule replay can report, with its severity, and nothing else.</summary>
public sealed partial class RulesDocTests
{
    [Fact]
    public void Every_rule_has_a_section_with_its_severity()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "rules.md"));
        var sections = SectionPattern().Matches(doc).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        foreach (Rule rule in RuleCatalog.All)
        {
            Assert.True(sections.TryGetValue(rule.Id, out string? severity), $"docs/rules.md has no section '## {rule.Id}'");
            Assert.Equal(ReplayJsonWriter.SeverityName(rule.Severity), severity);
        }

        Assert.Equal(RuleCatalog.All.Count, sections.Count);
    }

    /// <summary>The checkout (builds may put bin/ anywhere, see TRACELAB_ARTIFACTS), found from the test project's folder.</summary>
    private static string RepositoryRoot() =>
        Path.GetFullPath(Path.Combine(TestProjectDirectory.Find(SourceFile(), typeof(RulesDocTests).Assembly), "..", ".."));

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [GeneratedRegex(@"^## (\S+)\s*\n\s*\n\*\*(error|warning|info)\*\*", RegexOptions.Multiline)]
    private static partial Regex SectionPattern();
}
