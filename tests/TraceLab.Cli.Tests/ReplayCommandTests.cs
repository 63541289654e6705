using System.Text.Json;
using TraceLab.Cli.Tests.Support;

namespace TraceLab.Cli.Tests;

/// <summary>
/// <c>tracelab replay</c> as a user and a CI gate see it: the report, the JSON of docs/replay.md, and the exit codes
/// of the issue (0 clean, 1 a divergence of severity error, 2 bad usage or an unreadable input).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReplayCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A TD trace whose one episode is an OTHER_SMI that went to userspace (spec §8): line 3 offends.</summary>
    private string OtherSmiTrace()
    {
        string path = _dir.File("smi.txt");
        File.WriteAllText(path, """
                   CPU 0/KVM-4242    [001] d.... 1000.000001: kvm_entry: vcpu 0, rip 0x0 intr_info 0x00000000 error_code 0x00000000
                   CPU 0/KVM-4242    [001] d.... 1000.000002: kvm_exit: vcpu 0 reason 0x6 rip 0x0 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000 requests 0x0000000000000000
                   CPU 0/KVM-4242    [001] ..... 1000.000003: kvm_userspace_exit: reason KVM_EXIT_INTERNAL_ERROR (17)
                   CPU 0/KVM-4242    [001] d.... 1000.000004: kvm_entry: vcpu 0, rip 0x0 intr_info 0x00000000 error_code 0x00000000
                   CPU 0/KVM-4242    [001] d.... 1000.000005: kvm_exit: vcpu 0 reason TDCALL rip 0x0 info1 0x000000000000fc00 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000 requests 0x0000000000000000
                   CPU 0/KVM-4242    [001] d.... 1000.000006: kvm_entry: vcpu 0, rip 0x0 intr_info 0x00000000 error_code 0x00000000

            """);
        return path;
    }

    [Fact]
    public async Task Clean_td_sample_exits_0_with_the_leaf_breakdown()
    {
        CliResult r = await InProcessCli.RunAsync("replay", RepoPaths.Sample("tdx-ftrace-small.txt"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("replay (tdx, kernel latest)", r.Out, StringComparison.Ordinal);
        Assert.Contains("MapGPA", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_divergence_exits_1_with_a_file_line_report()
    {
        string trace = OtherSmiTrace();
        CliResult r = await InProcessCli.RunAsync("replay", trace);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"{trace}:3: error tdx.other-smi-to-userspace:", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_has_the_documented_shape()
    {
        string trace = OtherSmiTrace();
        CliResult r = await InProcessCli.RunAsync("replay", trace, "--json");
        Assert.True(r.ExitCode == 1, r.ToString());
        using JsonDocument doc = JsonDocument.Parse(r.Out);
        JsonElement root = doc.RootElement;
        Assert.Equal("tdx", root.GetProperty("mode").GetString());
        Assert.Equal("latest", root.GetProperty("kernel").GetString());
        Assert.Equal(2, root.GetProperty("episodes").GetInt64());
        JsonElement d = Assert.Single(root.GetProperty("divergences").EnumerateArray());
        Assert.Equal("tdx.other-smi-to-userspace", d.GetProperty("rule").GetString());
        Assert.Equal("error", d.GetProperty("severity").GetString());
        Assert.Equal((0, 0, 4242), (d.GetProperty("vm").GetInt32(), d.GetProperty("vcpu").GetInt32(), d.GetProperty("tid").GetInt32()));
        Assert.Equal(1000_000_002_000L, d.GetProperty("timestamp_ns").GetInt64());
        Assert.Equal((2L, 3L), (d.GetProperty("line").GetInt64(), d.GetProperty("event_line").GetInt64()));
        foreach (string field in new[] { "expected", "observed", "message" })
        {
            Assert.False(string.IsNullOrEmpty(d.GetProperty(field).GetString()), field);
        }

        JsonElement rule = Assert.Single(root.GetProperty("rules").EnumerateArray());
        Assert.Equal(1, rule.GetProperty("count").GetInt64());
        JsonElement leaf = Assert.Single(root.GetProperty("leaves").EnumerateArray());
        Assert.Equal("TDCALL handled in kernel or rejected", leaf.GetProperty("leaf").GetString());
        Assert.Equal(1000L, leaf.GetProperty("p50_ns").GetInt64());   // exit at .000005, entry at .000006
    }

    [Fact]
    public async Task A_store_replays_like_the_trace_it_was_ingested_from()
    {
        string trace = OtherSmiTrace();
        string store = _dir.File("smi.tlab");
        await InProcessCli.RunOkAsync("ingest", trace, "-o", store, "--quiet");
        CliResult fromTrace = await InProcessCli.RunAsync("replay", trace, "--json");
        CliResult fromStore = await InProcessCli.RunAsync("replay", store, "--json");
        Assert.Equal(fromTrace.ExitCode, fromStore.ExitCode);
        // Divergences name the trace file either way (the store keeps its source's name); only the VM list's
        // "store" field names what was given on the command line.
        Assert.Contains($"\"file\": \"{trace}\"", fromStore.Out, StringComparison.Ordinal);
        Assert.Equal(fromTrace.Out.Replace(trace, "X", StringComparison.Ordinal),
            fromStore.Out.Replace(trace, "X", StringComparison.Ordinal).Replace(store, "X", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--mode", "svm")]
    [InlineData("--kernel", "5.10")]
    [InlineData("--format", "ctf")]
    public async Task Bad_options_exit_2(string option, string value)
    {
        CliResult r = await InProcessCli.RunAsync("replay", RepoPaths.Sample("tdx-ftrace-small.txt"), option, value);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task Unreadable_input_exits_2()
    {
        CliResult missing = await InProcessCli.RunAsync("replay", _dir.File("missing.txt"));
        Assert.True(missing.ExitCode == 2, missing.ToString());

        string corrupt = _dir.File("bad.tlab");
        await InProcessCli.RunOkAsync("ingest", RepoPaths.Sample("tdx-ftrace-small.txt"), "-o", corrupt, "--quiet");
        byte[] bytes = File.ReadAllBytes(corrupt);
        bytes[^20] ^= 0xFF;   // inside the footer: the CRC check must refuse it
        File.WriteAllBytes(corrupt, bytes);
        CliResult bad = await InProcessCli.RunAsync("replay", corrupt);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("tracelab replay:", bad.Err, StringComparison.Ordinal);
    }
}
