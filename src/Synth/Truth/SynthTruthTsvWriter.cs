using System.Globalization;
using TraceLab.Store.Kvm;

namespace TraceLab.Synth.Truth;

/// <summary>
/// Writes <see cref="SynthTruth"/> as a TSV sidecar: <c>#</c>-prefixed key/value lines (options, totals, threads,
/// counts per event and per exit reason), then one header row and one row per kvm_exit. All numbers are invariant
/// decimal; reasons are the full 32-bit value (4294967295 for a TDX OPERAND_BUSY).
/// </summary>
public static class SynthTruthTsvWriter
{
    public const string ExitHeader = "line\tvm\tvcpu\ttid\tcpu\ttimestamp\treason\tisa\thandling\tuexit\tuerrno";

    /// <summary>Header of the injected-divergence sidecar (<see cref="WriteInjected"/>).</summary>
    public const string InjectedHeader = "rule\tline\tvm\tvcpu\ttid";

    public static void Write(SynthTruth truth, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(writer);
        SynthOptions o = truth.Options;
        writer.Write("# tracelab-synth truth v1\n");
        Pair(writer, "seed", I(o.Seed));
        Pair(writer, "mode", o.Mode.ToString());
        Pair(writer, "format", o.Format.ToString());
        Pair(writer, "generation", o.Generation.ToString());
        Pair(writer, "timestamps", o.Timestamps.ToString());
        Pair(writer, "timestamp_unit", truth.TimestampUnit == TimestampUnit.Ticks ? "ticks" : "ns");
        Pair(writer, "host_cpus", I(truth.HostCpus));
        Pair(writer, "header_lines", I(truth.HeaderLineCount));
        Pair(writer, "events", I(truth.EventCount));
        Pair(writer, "bytes", I(truth.ByteCount));
        Pair(writer, "exit_details", truth.HasExitDetails ? "yes" : "no");
        if (o.Inject.Count > 0)
        {
            Pair(writer, "injected", I(truth.Injected.Count));
        }

        foreach (SynthThread t in truth.Threads)
        {
            writer.Write("# thread\t" + I(t.Tid) + "\t" + I(t.Tgid) + "\t" + I(t.Vm) + "\t" + I(t.Vcpu) + "\t" + t.Comm + "\n");
        }

        foreach (var (name, count) in truth.EventCounts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write("# event_count\t" + name + "\t" + I(count) + "\n");
        }

        foreach (var (reason, count) in truth.ExitReasonCounts.OrderBy(p => p.Key))
        {
            string name = reason == VmxExitReasons.TdxInvalid ? "TDX_INVALID(-1u)" : VmxExitReasons.NameOf(reason) ?? "?";
            writer.Write("# exit_count\t" + I(reason) + "\t" + name + "\t" + I(count) + "\n");
        }

        writer.Write(ExitHeader + "\n");
        foreach (ExitTruth e in truth.Exits)
        {
            writer.Write(
                I(e.LineNumber) + "\t" + I(e.Vm) + "\t" + I(e.Vcpu) + "\t" + I(e.Tid) + "\t" + I(e.Cpu) + "\t" +
                I(e.Timestamp) + "\t" + I(e.ExitReason) + "\t" + I((int)e.Isa) + "\t" + I(e.HandlingTime) + "\t" +
                I(e.UserspaceExitReason) + "\t" + I(e.UserspaceErrno) + "\n");
        }
    }

    /// <summary>
    /// Writes <see cref="SynthTruth.Injected"/> as TSV: a <c>#</c> comment, <see cref="InjectedHeader"/>, then one row per
    /// injected divergence in line order — the (rule, event_line) pairs <c>tracelab replay --json</c> must report.
    /// </summary>
    public static void WriteInjected(SynthTruth truth, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("# tracelab-synth injected divergences v1: replay reports each once, with event_line = line\n");
        writer.Write(InjectedHeader + "\n");
        foreach (InjectedDivergence d in truth.Injected)
        {
            writer.Write(d.Rule + "\t" + I(d.Line) + "\t" + I(d.Vm) + "\t" + I(d.Vcpu) + "\t" + I(d.Tid) + "\n");
        }
    }

    private static void Pair(TextWriter writer, string key, string value) => writer.Write("# " + key + "\t" + value + "\n");

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string I(uint value) => value.ToString(CultureInfo.InvariantCulture);
}
