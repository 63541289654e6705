using TraceLab.Ingest.Pipeline;
using TraceLab.Store.Metadata;

namespace TraceLab.Cli.Output;

/// <summary>
/// The paragraph ingest ends with, then one compiler-style line per kept issue sample so an editor can jump to it:
/// <c>trace.txt:1042:37: warning lost-events: CPU:3 [LOST 12 EVENTS]</c>.
/// </summary>
internal static class IngestSummary
{
    public static bool HasProblems(StoreMetadata m) => m.Issues.Any(i => i.Severity != "info");

    public static void Print(TextWriter w, IngestResult r, string? storePath)
    {
        StoreMetadata m = r.Metadata;
        int vms = m.Vcpus.Select(v => v.Vm).Where(v => v >= 0).Distinct().Count();
        int vcpus = m.Vcpus.Count(v => v.Vcpu >= 0);
        string formats = string.Join(", ", m.Sources.Select(s => $"{s.Path} ({s.Format}, {Units.Bytes(s.Bytes)})"));
        double seconds = Math.Max(r.Elapsed.TotalSeconds, 1e-9);
        string target = storePath is null ? "" : $" into {storePath}";
        string issues = m.Issues.Count == 0
            ? "No ingest issues."
            : "Issues: " + string.Join(", ", m.Issues.Select(i => $"{Units.Integer(i.Count)} {i.Kind} ({i.Severity})")) + ".";
        w.WriteLine(
            $"Ingested {Units.Integer(m.Events)} events ({Units.Integer(m.Exits)} exits, {Units.Integer(m.Entries)} entries) " +
            $"of {vcpus} vCPU thread{(vcpus == 1 ? "" : "s")} in {vms} VM{(vms == 1 ? "" : "s")} from {formats}{target} " +
            $"in {Units.Seconds(r.Elapsed)} ({Units.Bytes(r.Bytes / seconds)}/s, {Units.Count(m.Events / seconds)} events/s). " +
            (m.TimeUnit == "ticks" ? "Timestamps are counter ticks (no --clock-hz given). " : "") + issues);
        foreach (IssueSummary issue in m.Issues)
        {
            foreach (IssueSample s in issue.Samples.Take(3))
            {
                string level = issue.Severity == "info" ? "note" : issue.Severity == "error" ? "error" : "warning";
                w.WriteLine($"{s.File}:{s.Line}:{s.Column}: {level} {issue.Kind}: {s.Text}");
            }

            if (issue.Count > 3)
            {
                w.WriteLine($"  ... and {Units.Integer(issue.Count - Math.Min(3, issue.Samples.Count))} more {issue.Kind}");
            }
        }
    }
}
