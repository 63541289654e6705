using System.Text;
using TraceLab.Synth.Model;

namespace TraceLab.Synth.Text;

/// <summary>
/// ftrace text (<c>trace</c> and <c>trace_pipe</c>), from kernel/trace/trace_output.c trace_print_context:
/// <code>
///          kvmload-5911    [001] d..1.  1242.099187: kvm_update_master_clock: masterclock 0 …   (6.18, %-7d pid)
///        CPU 0/KVM-7289    (   7280) [023] d....  2925.640961: kvm_entry: vcpu 0, rip 0x0 …     (record-tgid)
///        challenge-24797 [003] .... 83184.290314: kvm_fpu: load                                  (4.x, %-5d pid, 4 flags)
///              kvm-5664  [000] 11906.220178: kvm_entry: vcpu 0                                   (2.6, no flags)
/// </code>
/// </summary>
internal sealed class FtraceLayout : LineLayout
{
    private readonly GenerationTraits _traits;
    private readonly FlagColumns _flags;
    private readonly bool _tgid;
    private readonly bool _header;
    private readonly bool _legacyTime;

    public FtraceLayout(GenerationTraits traits, FlagColumns flags, bool tgid, bool header, TimestampStyle timestamps)
        : base(timestamps)
    {
        _traits = traits;
        _flags = flags;
        _tgid = tgid;
        _header = header;

        // 2.6 printed "[%03d] %5lu.%06lu" with no irq-info column and no extra space (vmx-old-lowercase sample).
        _legacyTime = traits.Generation == KernelGeneration.V2_6;
        BuildEventFields(name => name + ": ");
    }

    public override int WriteHeader(Utf8Sink sink, long eventCount, int hostCpus) =>
        _header ? FtraceHeader.Write(sink, _traits, _flags, _tgid, eventCount, hostCpus) : 0;

    public override byte[] RenderTaskPrefix(SynthTask task)
    {
        int pidWidth = _traits.FtracePidWidth;
        var sb = new StringBuilder(48);
        AppendRight(sb, task.Comm, 16);
        sb.Append('-');
        AppendLeft(sb, Invariant(task.Pid), pidWidth);
        sb.Append(' ');
        if (_tgid)
        {
            sb.Append('(');
            if (task.Tgid == 0)
            {
                sb.Append('-', pidWidth);
            }
            else
            {
                AppendRight(sb, Invariant(task.Tgid), pidWidth);
            }

            sb.Append(") ");
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public override void WritePrefix(Utf8Sink sink, SynthTask task, int cpu, FlagStyle flags, long timestamp, SynthEventKind kind)
    {
        sink.Ascii(task.Prefix);
        sink.Byte((byte)'[');
        sink.DecZero((ulong)cpu, 3);
        sink.Byte((byte)']');
        if (!_legacyTime)
        {
            sink.Byte((byte)' ');
            if (_flags != FlagColumns.None)
            {
                ReadOnlySpan<byte> chars = flags == FlagStyle.IrqsOff ? "d...."u8 : "....."u8;
                sink.Ascii(chars[..(int)_flags]);
            }
        }

        WriteTime(sink, timestamp, leadingSpace: true);
        sink.Ascii(": "u8);
        sink.Ascii(EventField(kind));
    }
}
