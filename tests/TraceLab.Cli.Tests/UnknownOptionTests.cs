using TraceLab.Cli.Tests.Support;

namespace TraceLab.Cli.Tests;

/// <summary>
/// README: exit 2 for "bad usage (unknown option, missing argument)". <c>ingest</c> and <c>stats</c> take one or more
/// paths, and System.CommandLine hands an unmatched <c>--bogus</c> token to that argument, so today the command
/// reports "--bogus: no such file" and exits 1 (an input error) instead of 2. The other commands get it right.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class UnknownOptionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string[]> UnknownOptions() => new(
        ["stats", "STORE", "--bogus"],
        ["stats", "--bogus", "STORE"],
        ["stats", "STORE", "--jsn"],
        ["ingest", "TRACE", "-o", "OUT", "--bogus"],
        ["ingest", "TRACE", "--stict", "-o", "OUT"]);

    [Theory]
    [MemberData(nameof(UnknownOptions))]
    public async Task An_unknown_option_is_a_usage_error(string[] args)
    {
        string store = _dir.File("s.tlab");
        await InProcessCli.RunOkAsync("ingest", RepoPaths.Sample("tdx-ftrace-small.txt"), "-o", store, "--quiet");
        string[] resolved = args.Select(a => a switch
        {
            "STORE" => store,
            "TRACE" => RepoPaths.Sample("tdx-ftrace-small.txt"),
            "OUT" => _dir.File("out.tlab"),
            _ => a,
        }).ToArray();

        CliResult r = await InProcessCli.RunAsync(resolved);

        Assert.True(r.ExitCode == 2, $"tracelab {string.Join(' ', args)}: {r}");
        Assert.DoesNotContain("no such file", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("out.tlab")));
    }
}
