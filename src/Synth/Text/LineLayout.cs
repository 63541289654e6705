using System.Text;
using TraceLab.Synth.Model;

namespace TraceLab.Synth.Text;

/// <summary>
/// Everything on a line before the payload: task, pid, cpu, flags, timestamp and event name. One subclass per
/// <see cref="TraceFormat"/>; the per-task part is rendered once into <see cref="SynthTask.Prefix"/> and the event-name
/// field once per kind, so a line costs a few copies plus the cpu and timestamp digits.
/// </summary>
internal abstract class LineLayout
{
    private readonly byte[][] _eventFields = new byte[EventNames.Count][];

    protected LineLayout(TimestampStyle timestamps)
    {
        Timestamps = timestamps;
    }

    protected TimestampStyle Timestamps { get; }

    /// <summary>Header lines (ftrace's <c>#</c> block, trace-cmd's <c>cpus=N</c>); returns how many lines it wrote.</summary>
    public abstract int WriteHeader(Utf8Sink sink, long eventCount, int hostCpus);

    public abstract byte[] RenderTaskPrefix(SynthTask task);

    public abstract void WritePrefix(Utf8Sink sink, SynthTask task, int cpu, FlagStyle flags, long timestamp, SynthEventKind kind);

    /// <summary>Fills the per-kind event-name fields; called by subclass constructors.</summary>
    protected void BuildEventFields(Func<string, string> render)
    {
        for (int i = 0; i < EventNames.Count; i++)
        {
            _eventFields[i] = Encoding.ASCII.GetBytes(render(EventNames.Of((SynthEventKind)i)));
        }
    }

    protected byte[] EventField(SynthEventKind kind) => _eventFields[(int)kind];

    /// <summary>
    /// <c> %5lu.%06lu</c> (or 9 digits), or <c>%12llu</c> for a raw counter, from an integer; never through a double.
    /// </summary>
    protected void WriteTime(Utf8Sink sink, long value, bool leadingSpace)
    {
        if (Timestamps == TimestampStyle.RawCounter)
        {
            if (leadingSpace)
            {
                sink.Byte((byte)' ');
            }

            sink.DecRight(value, 12);
            return;
        }

        if (leadingSpace)
        {
            sink.Byte((byte)' ');
        }

        long seconds = value / 1_000_000_000;
        long nanos = value % 1_000_000_000;
        sink.DecRight(seconds, 5);
        sink.Byte((byte)'.');
        if (Timestamps == TimestampStyle.Usec)
        {
            sink.DecZero((ulong)(nanos / 1000), 6);
        }
        else
        {
            sink.DecZero((ulong)nanos, 9);
        }
    }

    /// <summary><c>%*s</c>: right-aligned comm, as ftrace's <c>%16s</c>.</summary>
    protected static void AppendRight(StringBuilder sb, string text, int width) => sb.Append(' ', Math.Max(0, width - text.Length)).Append(text);

    protected static void AppendLeft(StringBuilder sb, string text, int width) => sb.Append(text).Append(' ', Math.Max(0, width - text.Length));

    protected static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
