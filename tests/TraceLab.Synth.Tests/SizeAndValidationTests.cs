using System.Globalization;
using TraceLab.Synth.Tests.Support;

namespace TraceLab.Synth.Tests;

public sealed class SizeAndValidationTests
{
    [Theory]
    [InlineData(TraceFormat.TracePipe)]
    [InlineData(TraceFormat.TraceCmd)]
    [InlineData(TraceFormat.PerfScript)]
    public void Headerless_formats_stop_at_the_first_line_end_past_the_byte_target(TraceFormat format)
    {
        Generated g = Generated.Run(new SynthOptions { TargetBytes = 200_000, Format = format }, collectTruth: false);
        Assert.InRange(g.Bytes.Length, 200_000, 200_000 + 512);
        Assert.Equal((byte)'\n', g.Bytes[^1]);
        Assert.Equal(g.Truth.EventCount, g.Lines.Count);
    }

    [Fact]
    public void Ftrace_byte_target_is_approximate_and_the_header_count_exact()
    {
        Generated g = Generated.Run(new SynthOptions { TargetBytes = 400_000, Seed = 3 }, collectTruth: false);
        Assert.InRange(g.Bytes.Length, 360_000, 440_000);
        Assert.Equal(
            "# entries-in-buffer/entries-written: " + g.Lines.Count.ToString(CultureInfo.InvariantCulture) + "/" + g.Lines.Count.ToString(CultureInfo.InvariantCulture) + "   #P:4",
            g.Text.Split('\n')[2]);
    }

    [Fact]
    public void Without_targets_ten_thousand_events_are_written()
    {
        Assert.Equal(10_000, Generated.Run(new SynthOptions(), collectTruth: false).Truth.EventCount);
    }

    [Fact]
    public void Whichever_target_comes_first_wins()
    {
        Generated g = Generated.Run(new SynthOptions { TargetEvents = 100, TargetBytes = 10_000_000, Format = TraceFormat.TracePipe }, collectTruth: false);
        Assert.Equal(100, g.Lines.Count);
    }

    public static TheoryData<string> BadOptions() => new(s_bad.Keys);

    private static readonly Dictionary<string, SynthOptions> s_bad = new(StringComparer.Ordinal)
    {
        ["zero-events"] = new SynthOptions { TargetEvents = 0 },
        ["tdx-on-5.9"] = new SynthOptions { Generation = KernelGeneration.V5_9 },
        ["tgid-in-perf"] = new SynthOptions { Format = TraceFormat.PerfScript, Tgid = true },
        ["flags-in-trace-cmd"] = new SynthOptions { Format = TraceFormat.TraceCmd, Flags = FlagColumns.Five },
        ["flags-on-2.6"] = new SynthOptions { Mode = SynthMode.Vmx, Generation = KernelGeneration.V2_6, Flags = FlagColumns.Four },
        ["plugin-in-ftrace"] = new SynthOptions { KvmPlugin = true },
        ["raw-counter-in-perf"] = new SynthOptions { Format = TraceFormat.PerfScript, Timestamps = TimestampStyle.RawCounter },
        ["instance-with-space"] = new SynthOptions { Format = TraceFormat.TraceCmd, TraceCmdInstance = "a b" },
        ["shared-bit-40"] = new SynthOptions { TdxSharedBit = 40 },
        ["zero-vms"] = new SynthOptions { VmCount = 0 },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Impossible_combinations_are_rejected(string name)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => TraceSynthesizer.Write(s_bad[name], Stream.Null, collectTruth: false));
        Assert.StartsWith("SynthOptions.", e.Message, StringComparison.Ordinal);
    }
}
