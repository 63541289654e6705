using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Stats.Writers;
using TraceLab.Analysis.Tests.Support;

namespace TraceLab.Analysis.Tests;

public sealed class CsvStatsWriterTests
{
    [Fact]
    public void One_row_per_group_with_the_json_columns()
    {
        string[] lines = Write(SampleReports.Report()).Split("\r\n");

        Assert.Equal("reason,code,count,paired,total_ns,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,userspace", lines[0]);
        Assert.Equal("HLT,12,3,3,700,100,200,400,400,400,400,233.333,restart (4)=1", lines[1]);
        Assert.Contains("\"odd, \"\"quoted\"\" name\",153,1,1,5,5,5,5,5,5,5,5,", lines);
        Assert.Contains("0xffff FAILED_VMENTRY 0x7fff0000,4294967295,1,0,0,,,,,,,,", lines);
        Assert.Equal("", lines[^1]);
        Assert.Equal(7, lines.Length);
    }

    [Fact]
    public void Key_columns_follow_the_grouping()
    {
        string header = Write(SampleReports.Report(new StatsOptions { GroupBy = StatsGrouping.ReasonVcpu, Event = StatsEvent.IoPort })).Split("\r\n")[0];
        Assert.StartsWith("reason,code,access,vm,vcpu,count,", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_is_identical_under_invariant_german_and_russian_cultures()
    {
        StatsReport report = SampleReports.Report();
        string[] outputs = [.. Cultures.Names.Select(c => Cultures.Run(c, () => Write(report)))];
        Assert.All(outputs, o => Assert.Equal(outputs[0], o));
        Assert.Contains("233.333", outputs[0], StringComparison.Ordinal);
    }

    private static string Write(StatsReport report)
    {
        using var writer = new StringWriter();
        CsvStatsWriter.Write(report, writer);
        return writer.ToString();
    }
}
