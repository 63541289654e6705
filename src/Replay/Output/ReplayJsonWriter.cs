using System.Text.Json;
using TraceLab.Replay.Checking;

namespace TraceLab.Replay.Output;

/// <summary>Writes a <see cref="ReplayReport"/> as one JSON object (schema in docs/replay.md).</summary>
public static class ReplayJsonWriter
{
    public static void Write(ReplayReport report, TextWriter output)
    {
        var buffer = new MemoryStream();
        Write(report, buffer);
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    public static void Write(ReplayReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("mode", report.Mode);
        json.WriteString("kernel", KernelProfileNames.Of(report.Kernel));
        json.WriteString("time_unit", report.TimeUnit);
        json.WriteNumber("episodes", report.Episodes);
        json.WriteNumber("decided", report.Decided);
        json.WriteNumber("divergence_count", report.DivergenceCount);
        json.WriteStartArray("divergences");
        foreach (Divergence d in report.Divergences)
        {
            json.WriteStartObject();
            json.WriteString("rule", d.Rule);
            json.WriteString("severity", SeverityName(d.Severity));
            json.WriteNumber("vm", d.Vm);
            json.WriteNumber("vcpu", d.Vcpu);
            json.WriteNumber("tid", d.Tid);
            json.WriteNumber("timestamp_ns", d.TimestampNs);
            json.WriteString("file", d.File);
            json.WriteNumber("line", d.Line);
            json.WriteNumber("event_line", d.EventLine);
            json.WriteString("expected", d.Expected);
            json.WriteString("observed", d.Observed);
            json.WriteString("message", d.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("rules");
        foreach ((string rule, long count) in report.Rules)
        {
            json.WriteStartObject();
            json.WriteString("rule", rule);
            json.WriteString("severity", SeverityName(RuleCatalog.Get(rule).Severity));
            json.WriteNumber("count", count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("leaves");
        foreach (LeafSummary leaf in report.Leaves)
        {
            json.WriteStartObject();
            json.WriteString("leaf", leaf.Leaf);
            json.WriteNumber("count", leaf.Count);
            json.WriteNumber("p50_ns", leaf.P50Ns);
            json.WriteNumber("p99_ns", leaf.P99Ns);
            json.WriteBoolean("exact", leaf.Exact);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("vms");
        foreach (VmSummary vm in report.Vms)
        {
            json.WriteStartObject();
            json.WriteString("store", vm.Store);
            json.WriteNumber("vm", vm.Vm);
            json.WriteString("mode", vm.Mode.ToString().ToLowerInvariant());
            json.WriteString("why", vm.Why);
            json.WriteNumber("episodes", vm.Episodes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("undecidable");
        foreach (UndecidableCount u in report.Undecidable)
        {
            json.WriteStartObject();
            json.WriteString("reason", UndecidableText.Of(u.Reason));
            json.WriteNumber("count", u.Count);
            json.WriteString("file", u.File);
            json.WriteNumber("first_line", u.FirstLine);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };
}
