using TraceLab.Synth.Tests.Support;

namespace TraceLab.Synth.Tests;

public sealed class DeterminismTests
{
    private static readonly Dictionary<string, SynthOptions> s_cases = new(StringComparer.Ordinal)
    {
        ["tdx-ftrace"] = new SynthOptions { Seed = 7, TargetEvents = 5_000 },
        ["vmx-tracecmd-plugin"] = new SynthOptions { Seed = 7, TargetEvents = 5_000, Mode = SynthMode.Vmx, Format = TraceFormat.TraceCmd, KvmPlugin = true },
        ["tdx-perf-bytes-2vms"] = new SynthOptions { Seed = 9, TargetBytes = 150_000, Format = TraceFormat.PerfScript, VmCount = 2 },
        ["tdx-ftrace-bytes-fatal"] = new SynthOptions { Seed = 11, TargetBytes = 150_000, ReportFatalErrorAtEnd = true, Showcase = true },
    };

    public static TheoryData<string> Cases() => new(s_cases.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Same_seed_gives_identical_bytes(string name)
    {
        byte[] first = Generated.Run(s_cases[name]).Bytes;
        byte[] second = Generated.Run(s_cases[name]).Bytes;
        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Collecting_truth_does_not_change_the_output(string name)
    {
        Assert.Equal(Generated.Run(s_cases[name], collectTruth: true).Bytes, Generated.Run(s_cases[name], collectTruth: false).Bytes);
    }

    [Fact]
    public void Different_seeds_give_different_traces()
    {
        var options = new SynthOptions { TargetEvents = 2_000 };
        Assert.NotEqual(Generated.Run(options with { Seed = 1 }).Bytes, Generated.Run(options with { Seed = 2 }).Bytes);
    }
}
