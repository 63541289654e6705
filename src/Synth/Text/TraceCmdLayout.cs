using System.Text;
using TraceLab.Synth.Model;

namespace TraceLab.Synth.Text;

/// <summary>
/// <c>trace-cmd report</c> (corpus/real/trace-cmd-report.txt and the 6.5 tracedat reports):
/// <code>
/// cpus=2
/// realtrace_5898:          kvmload-5911  [001]  1242.101279: kvm_userspace_exit:   reason KVM_EXIT_IRQ_WINDOW_OPEN (7)
///        CPU 0/KVM-60250 [007] 25135.606832: kvm_entry:             vcpu 0 rip 0xffffffffbb51c00b
///  qemu-system-x86-533825 [005]303280081944169: kvm_entry:             vcpu 0 rip 0xffffffffba032530   (x86-tsc clock)
/// </code>
/// The event name plus colon is padded to 21 columns, then one space; there is no flag column.
/// </summary>
internal sealed class TraceCmdLayout : LineLayout
{
    private readonly string? _instance;

    public TraceCmdLayout(string? instance, TimestampStyle timestamps)
        : base(timestamps)
    {
        _instance = instance;
        BuildEventFields(name => (name + ":").PadRight(21) + " ");
    }

    public override int WriteHeader(Utf8Sink sink, long eventCount, int hostCpus)
    {
        sink.EnsureRoom(32);
        sink.Ascii("cpus="u8);
        sink.Dec((long)hostCpus);
        sink.NewLine();
        return 1;
    }

    public override byte[] RenderTaskPrefix(SynthTask task)
    {
        var sb = new StringBuilder(48);
        if (_instance is not null)
        {
            sb.Append(_instance).Append(": ");
        }

        AppendRight(sb, task.Comm, 16);
        sb.Append('-');
        AppendLeft(sb, Invariant(task.Pid), 5);
        sb.Append(' ');
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public override void WritePrefix(Utf8Sink sink, SynthTask task, int cpu, FlagStyle flags, long timestamp, SynthEventKind kind)
    {
        sink.Ascii(task.Prefix);
        sink.Byte((byte)'[');
        sink.DecZero((ulong)cpu, 3);
        sink.Byte((byte)']');

        // A raw counter follows the bracket with no space in real reports ("[005]303280081900681:").
        WriteTime(sink, timestamp, leadingSpace: Timestamps != TimestampStyle.RawCounter);
        sink.Ascii(": "u8);
        sink.Ascii(EventField(kind));
    }
}
