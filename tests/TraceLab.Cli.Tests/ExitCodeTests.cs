using TraceLab.Cli.Tests.Support;

namespace TraceLab.Cli.Tests;

/// <summary>
/// README, "Exit codes": 0 success, 1 an input could not be read (or --strict found issues), 2 bad usage. Usage
/// errors are reported on stderr before any work is done, and print nothing on stdout.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ExitCodeTests : IDisposable
{
    private readonly TempDir _dir = new();

    public ExitCodeTests()
    {
        File.Copy(RepoPaths.Sample("tdx-ftrace-small.txt"), _dir.File("trace.txt"));
    }

    public void Dispose() => _dir.Dispose();

    private string[] Resolve(string[] args) => args.Select(a => a switch
    {
        "TRACE" => _dir.File("trace.txt"),
        "STORE" => _dir.File("s.tlab"),
        "OUT" => _dir.File("out.tlab"),
        "MISSING" => _dir.File("missing.txt"),
        _ => a,
    }).ToArray();

    private async Task<CliResult> RunWithStoreAsync(string[] args)
    {
        await InProcessCli.RunOkAsync("ingest", _dir.File("trace.txt"), "-o", _dir.File("s.tlab"), "--quiet");
        return await InProcessCli.RunAsync(Resolve(args));
    }

    public static TheoryData<string[]> UsageErrors() => new(
        [],
        ["--no-such-option"],
        ["frobnicate"],
        ["stats", "STORE", "--by", "cpu"],
        ["stats", "STORE", "--by", "reason,vm"],
        ["stats", "STORE", "--event", "pio"],
        ["stats", "STORE", "--event", "USERSPACE"],
        ["stats", "STORE", "--format", "ctf"],
        ["stats", "STORE", "--json", "--csv"],
        ["stats", "STORE", "--vcpu", "one"],
        ["stats"],
        ["ingest", "TRACE"],
        ["ingest", "TRACE", "-o"],
        ["ingest", "TRACE", "-o", "OUT", "--format", "ctf"],
        ["ingest", "TRACE", "-o", "OUT", "--threads", "x"],
        ["ingest", "-o", "OUT"],
        ["info"],
        ["info", "STORE", "extra"],
        ["schema", "--verbose"],
        ["demo", "--no-such-option"]);

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Usage_errors_exit_2(string[] args)
    {
        CliResult r = await RunWithStoreAsync(args);

        Assert.True(r.ExitCode == 2, $"tracelab {string.Join(' ', args)}: {r}");
        Assert.NotEqual("", r.Err.Trim());
        Assert.Equal("", r.Out);
        Assert.False(File.Exists(_dir.File("out.tlab")));
    }

    public static TheoryData<string[]> InputErrors() => new(
        ["ingest", "MISSING", "-o", "OUT"],
        ["ingest", "TRACE", "MISSING", "-o", "OUT"],
        ["stats", "MISSING"],
        ["stats", "STORE", "MISSING", "--json"],
        ["info", "MISSING"],
        ["info", "TRACE"]);

    [Theory]
    [MemberData(nameof(InputErrors))]
    public async Task Unreadable_inputs_exit_1_and_name_the_input(string[] args)
    {
        CliResult r = await RunWithStoreAsync(args);

        Assert.True(r.ExitCode == 1, $"tracelab {string.Join(' ', args)}: {r}");
        string named = args.Contains("MISSING") ? _dir.File("missing.txt") : _dir.File("trace.txt");
        Assert.Contains(named, r.Err, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
        Assert.False(File.Exists(_dir.File("out.tlab")));
    }

    public static TheoryData<string[]> Successes() => new(
        ["ingest", "TRACE", "-o", "OUT"],
        ["ingest", "TRACE", "-o", "OUT", "--format", "ftrace", "--threads", "1"],
        ["stats", "STORE"],
        ["stats", "TRACE", "STORE", "--by", "vcpu,reason", "--csv"],
        ["stats", "STORE", "--by", "vm", "--event", "msr", "--vcpu", "0", "--vm", "0"],
        ["info", "STORE"],
        ["schema"]);

    [Theory]
    [MemberData(nameof(Successes))]
    public async Task Successful_commands_exit_0(string[] args)
    {
        CliResult r = await RunWithStoreAsync(args);

        Assert.True(r.ExitCode == 0, $"tracelab {string.Join(' ', args)}: {r}");
        Assert.NotEqual("", r.Out);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_every_command()
    {
        CliResult r = await InProcessCli.RunAsync("--help");

        Assert.Equal(0, r.ExitCode);
        foreach (string command in new[] { "ingest", "stats", "synth", "demo", "info", "schema" })
        {
            Assert.Matches(@"(?m)^\s+" + command + @"\s", r.Out);
        }
    }
}
