using System.Text;
using TraceLab.Synth.Model;

namespace TraceLab.Synth.Text;

/// <summary>
/// Default <c>perf script</c> output for tracepoints (corpus/real/perf-script.txt):
/// <code>
///          kvmload  5935 [000]  1243.121421:                        kvm:kvm_fpu: load
/// </code>
/// comm <c>%16s</c>, tid <c>%5d</c>, <c>[%03d]</c>, <c>%5lu.%06lu: </c>, then <c>group:event</c> right-aligned to the
/// longest recorded event name (34 for <c>-e 'kvm:*'</c>) and <c>": "</c>. perf has no flag column and prints
/// <c>:tid</c> for a thread whose comm it never saw.
/// </summary>
internal sealed class PerfScriptLayout : LineLayout
{
    public PerfScriptLayout(int nameWidth, TimestampStyle timestamps)
        : base(timestamps)
    {
        BuildEventFields(name => ("kvm:" + name).PadLeft(nameWidth) + ": ");
    }

    public override int WriteHeader(Utf8Sink sink, long eventCount, int hostCpus) => 0;

    public override byte[] RenderTaskPrefix(SynthTask task)
    {
        var sb = new StringBuilder(32);
        string comm = task.Comm == "<...>" ? ":" + Invariant(task.Pid) : task.Comm;
        AppendRight(sb, comm, 16);
        sb.Append(' ');
        AppendRight(sb, Invariant(task.Pid), 5);
        sb.Append(' ');
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public override void WritePrefix(Utf8Sink sink, SynthTask task, int cpu, FlagStyle flags, long timestamp, SynthEventKind kind)
    {
        sink.Ascii(task.Prefix);
        sink.Byte((byte)'[');
        sink.DecZero((ulong)cpu, 3);
        sink.Byte((byte)']');
        WriteTime(sink, timestamp, leadingSpace: true);
        sink.Ascii(": "u8);
        sink.Ascii(EventField(kind));
    }
}
