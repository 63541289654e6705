using System.Text.RegularExpressions;
using TraceLab.Synth.Tests.Support;

namespace TraceLab.Synth.Tests;

/// <summary>Every line of every supported format/generation/column combination matches the real layout and print format.</summary>
public sealed class FormatMatrixTests
{
    public static TheoryData<string> Cases() => OptionMatrix.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_line_matches_its_format(string name)
    {
        SynthOptions options = OptionMatrix.All[name];
        Generated g = OptionMatrix.Trace(name);
        Dictionary<string, Regex> payloads = PayloadPatterns.For(options);
        Assert.Equal(options.TargetEvents, g.Lines.Count);
        foreach (ParsedLine line in g.Lines)
        {
            Assert.True(payloads.TryGetValue(line.Event, out Regex? pattern), $"line {line.LineNumber}: unexpected event {line.Event}");
            Assert.True(pattern.IsMatch(line.Payload), $"line {line.LineNumber}: {line.Event} payload '{line.Payload}' does not match {pattern}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Timestamps_never_go_backwards(string name)
    {
        Generated g = OptionMatrix.Trace(name);
        for (int i = 1; i < g.Lines.Count; i++)
        {
            Assert.True(g.Lines[i].Timestamp >= g.Lines[i - 1].Timestamp, $"line {g.Lines[i].LineNumber} goes back in time");
        }
    }

    [Fact]
    public void Real_6_18_ftrace_header_is_reproduced_byte_for_byte()
    {
        // The 12 header lines of corpus/real/ftrace.txt (6.18.44), with our entry count and CPU count.
        string[] expected =
        [
            "# tracer: nop",
            "#",
            "# entries-in-buffer/entries-written: 500/500   #P:4",
            "#",
            "#                                _-----=> irqs-off/BH-disabled",
            "#                               / _----=> need-resched",
            "#                              | / _---=> hardirq/softirq",
            "#                              || / _--=> preempt-depth",
            "#                              ||| / _-=> migrate-disable",
            "#                              |||| /     delay",
            "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION",
            "#              | |         |   |||||     |         |",
        ];
        Generated g = Generated.Run(new SynthOptions { TargetEvents = 500, HostCpus = 4 });
        Assert.Equal(expected, g.Text.Split('\n')[..12]);
        Assert.Equal(12, g.Truth.HeaderLineCount);
    }
}
