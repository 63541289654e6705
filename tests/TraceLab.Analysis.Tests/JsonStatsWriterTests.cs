using System.Text.Json;
using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Stats.Writers;
using TraceLab.Analysis.Tests.Support;

namespace TraceLab.Analysis.Tests;

public sealed class JsonStatsWriterTests
{
    private static readonly string[] s_rowFields =
        ["reason", "code", "count", "paired", "total_ns", "min_ns", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns", "mean_ns", "userspace"];

    [Fact]
    public void Has_the_documented_shape()
    {
        using JsonDocument doc = Parse(SampleReports.Report());
        JsonElement root = doc.RootElement;

        Assert.Equal(["events", "exits", "entries", "time_unit", "reasons", "vcpus", "userspace_exits", "issues"], Names(root));
        Assert.Equal(7, root.GetProperty("exits").GetInt64());
        Assert.Equal("ns", root.GetProperty("time_unit").GetString());

        JsonElement[] reasons = [.. root.GetProperty("reasons").EnumerateArray()];
        Assert.Equal(5, reasons.Length);
        Assert.All(reasons, r => Assert.Equal(s_rowFields, Names(r)));

        JsonElement hlt = reasons[0];
        Assert.Equal("HLT", hlt.GetProperty("reason").GetString());
        Assert.Equal(12, hlt.GetProperty("code").GetInt64());
        Assert.Equal(3, hlt.GetProperty("count").GetInt64());
        Assert.Equal(700, hlt.GetProperty("total_ns").GetInt64());
        Assert.Equal(JsonValueKind.Number, hlt.GetProperty("p999_ns").ValueKind);
        Assert.Equal(233.333m, hlt.GetProperty("mean_ns").GetDecimal());
        JsonElement userspace = Assert.Single(hlt.GetProperty("userspace").EnumerateArray());
        Assert.Equal(("restart (4)", -4L, 1L), (userspace.GetProperty("reason").GetString()!, userspace.GetProperty("code").GetInt64(), userspace.GetProperty("count").GetInt64()));

        JsonElement failed = reasons.Single(r => r.GetProperty("code").GetInt64() == 0xFFFF_FFFF);
        Assert.Equal("0xffff FAILED_VMENTRY 0x7fff0000", failed.GetProperty("reason").GetString());
        Assert.Equal(0, failed.GetProperty("paired").GetInt64());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("min_ns").ValueKind);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("mean_ns").ValueKind);

        JsonElement vcpu = Assert.Single(root.GetProperty("vcpus").EnumerateArray());
        Assert.Equal(["vm", "vcpu", "tid", "exits"], Names(vcpu));
        Assert.Equal(7, vcpu.GetProperty("exits").GetInt64());

        Assert.Equal(2, root.GetProperty("userspace_exits").GetArrayLength());
        Assert.All(root.GetProperty("userspace_exits").EnumerateArray(), u => Assert.Equal(["reason", "code", "count"], Names(u)));

        JsonElement issue = Assert.Single(root.GetProperty("issues").EnumerateArray());
        Assert.Equal(["kind", "count", "samples"], Names(issue));
        JsonElement sample = Assert.Single(issue.GetProperty("samples").EnumerateArray());
        Assert.Equal(["file", "line", "column", "text"], Names(sample));
        Assert.Equal(42, sample.GetProperty("line").GetInt64());
    }

    [Fact]
    public void Rows_grouped_by_vcpu_carry_vm_and_vcpu()
    {
        using JsonDocument doc = Parse(SampleReports.Report(new StatsOptions { GroupBy = StatsGrouping.ReasonVcpu }));
        JsonElement row = doc.RootElement.GetProperty("reasons")[0];
        Assert.Equal(["reason", "code", "vm", "vcpu", "count"], Names(row).Take(5));

        using JsonDocument byVm = Parse(SampleReports.Report(new StatsOptions { GroupBy = StatsGrouping.Vm }));
        JsonElement vmRow = Assert.Single(byVm.RootElement.GetProperty("reasons").EnumerateArray());
        Assert.Equal(["reason", "code", "vm", "count"], Names(vmRow).Take(4));
        Assert.Equal(JsonValueKind.Null, vmRow.GetProperty("reason").ValueKind);
        Assert.Equal(7, vmRow.GetProperty("count").GetInt64());
    }

    [Fact]
    public void Access_rows_say_read_or_write()
    {
        using JsonDocument doc = Parse(SampleReports.Report(new StatsOptions { Event = StatsEvent.IoPort }));
        JsonElement row = Assert.Single(doc.RootElement.GetProperty("reasons").EnumerateArray());
        Assert.Equal("0xc090:POUT", row.GetProperty("reason").GetString());
        Assert.Equal("write", row.GetProperty("access").GetString());
        Assert.Equal(0xc090, row.GetProperty("code").GetInt64());
    }

    [Fact]
    public void Output_does_not_depend_on_the_culture()
    {
        StatsReport report = SampleReports.Report();
        string[] outputs = [.. Cultures.Names.Select(c => Cultures.Run(c, () => Write(report)))];
        Assert.All(outputs, o => Assert.Equal(outputs[0], o));
    }

    private static string Write(StatsReport report)
    {
        using var writer = new StringWriter();
        JsonStatsWriter.Write(report, writer);
        return writer.ToString();
    }

    private static JsonDocument Parse(StatsReport report) => JsonDocument.Parse(Write(report));

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
