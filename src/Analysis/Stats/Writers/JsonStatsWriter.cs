using System.Buffers;
using System.Text;
using System.Text.Json;
using TraceLab.Store.Metadata;

namespace TraceLab.Analysis.Stats.Writers;

/// <summary>
/// Writes a <see cref="StatsReport"/> as JSON (schema in docs/stats.md). A pure function of the report: numbers are
/// written by Utf8JsonWriter (culture-independent), rows keep the report's order.
/// </summary>
public static class JsonStatsWriter
{
    public static void Write(StatsReport report, TextWriter output, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            WriteReport(json, report);
        }

        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Write('\n');
    }

    private static void WriteReport(Utf8JsonWriter json, StatsReport report)
    {
        json.WriteStartObject();
        json.WriteNumber("events", report.Events);
        json.WriteNumber("exits", report.Exits);
        json.WriteNumber("entries", report.Entries);
        json.WriteString("time_unit", report.TimeUnit);
        json.WriteStartArray("reasons");
        foreach (StatsRow row in report.Rows)
        {
            WriteRow(json, row, report.Options);
        }

        json.WriteEndArray();
        json.WriteStartArray("vcpus");
        foreach (VcpuSummary vcpu in report.Vcpus)
        {
            json.WriteStartObject();
            json.WriteNumber("vm", vcpu.Vm);
            json.WriteNumber("vcpu", vcpu.Vcpu);
            json.WriteNumber("tid", vcpu.Tid);
            json.WriteNumber("exits", vcpu.Exits);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteCounts(json, "userspace_exits", report.UserspaceExits);
        json.WriteStartArray("issues");
        foreach (IssueSummary issue in report.Issues)
        {
            WriteIssue(json, issue);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter json, StatsRow row, StatsOptions options)
    {
        LatencySummary latency = row.Latency;
        json.WriteStartObject();
        json.WriteString("reason", row.Reason);
        WriteNullable(json, "code", row.Code);
        if (options.Event is StatsEvent.Mmio or StatsEvent.IoPort or StatsEvent.Msr && row.Access is not null)
        {
            json.WriteString("access", row.Access);
        }

        if (row.Vm is { } vm)
        {
            json.WriteNumber("vm", vm);
        }

        if (row.Vcpu is { } vcpu)
        {
            json.WriteNumber("vcpu", vcpu);
        }

        json.WriteNumber("count", latency.Count);
        json.WriteNumber("paired", latency.Paired);
        json.WriteNumber("total_ns", latency.TotalNs);
        WriteNullable(json, "min_ns", latency.MinNs);
        WriteNullable(json, "p50_ns", latency.P50Ns);
        WriteNullable(json, "p90_ns", latency.P90Ns);
        WriteNullable(json, "p99_ns", latency.P99Ns);
        WriteNullable(json, "p999_ns", latency.P999Ns);
        WriteNullable(json, "max_ns", latency.MaxNs);
        if (latency.MeanNs is { } mean)
        {
            json.WriteNumber("mean_ns", mean);
        }
        else
        {
            json.WriteNull("mean_ns");
        }

        WriteCounts(json, "userspace", row.Userspace);
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyList<UserspaceCount> counts)
    {
        json.WriteStartArray(name);
        foreach (UserspaceCount count in counts)
        {
            json.WriteStartObject();
            json.WriteString("reason", count.Reason);
            json.WriteNumber("code", count.Code);
            json.WriteNumber("count", count.Count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteIssue(Utf8JsonWriter json, IssueSummary issue)
    {
        json.WriteStartObject();
        json.WriteString("kind", issue.Kind);
        json.WriteNumber("count", issue.Count);
        json.WriteStartArray("samples");
        foreach (IssueSample sample in issue.Samples)
        {
            json.WriteStartObject();
            json.WriteString("file", sample.File);
            json.WriteNumber("line", sample.Line);
            json.WriteNumber("column", sample.Column);
            json.WriteString("text", sample.Text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
