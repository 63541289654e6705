using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.TestKitTests;

/// <summary>
/// The golden helper's contract: a match passes and removes a stale .actual.tsv; a mismatch or a missing golden
/// fails, writes the .actual.tsv and says how to proceed. Uses absolute paths in a temp folder so the project's
/// Golden/ folder is never touched.
/// </summary>
public sealed class GoldenFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tracelab-golden-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_missing_golden_fails_and_says_how_to_create_it()
    {
        if (GoldenFile.Accepting)
        {
            return;   // under TRACELAB_ACCEPT=1 a missing golden is created, by design
        }

        string golden = Path.Combine(_dir, "missing.tsv");
        var e = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => GoldenFile.AssertMatches("a\tb\n", golden));
        Assert.Contains("Golden file missing", e.Message, StringComparison.Ordinal);
        Assert.Contains("mv ", e.Message, StringComparison.Ordinal);
        Assert.Equal("a\tb\n", File.ReadAllText(Path.Combine(_dir, "missing.actual.tsv")));
    }

    [Fact]
    public void A_mismatch_fails_with_the_diff_command_and_a_match_cleans_up()
    {
        if (GoldenFile.Accepting)
        {
            return;
        }

        string golden = Path.Combine(_dir, "x.tsv");
        File.WriteAllText(golden, "line 1\r\nline 2\n");
        var e = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => GoldenFile.AssertMatches("line 1\nline two\n", golden));
        Assert.Contains("diff -u", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "x.actual.tsv")));

        GoldenFile.AssertMatches("line 1\nline 2\n", golden);   // CRLF in the golden is not a difference
        Assert.False(File.Exists(Path.Combine(_dir, "x.actual.tsv")));
    }
}
