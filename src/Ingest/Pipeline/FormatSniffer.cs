using TraceLab.Ingest.Text;

namespace TraceLab.Ingest.Pipeline;

/// <summary>
/// Guesses the text format from the first kilobytes: trace-cmd report starts with <c>cpus=N</c> (or has an
/// <c>instance:</c> prefix), perf script qualifies event names with their group (<c>kvm:kvm_exit:</c>), ftrace's
/// trace file starts with <c># tracer:</c>; everything else is read as ftrace/trace_pipe lines.
/// </summary>
internal static class FormatSniffer
{
    public static TraceFormat Sniff(ReadOnlySpan<byte> head)
    {
        int lines = 0;
        int perfVotes = 0;
        int ftraceVotes = 0;
        while (!head.IsEmpty && lines < 200)
        {
            int nl = head.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = nl < 0 ? head : head[..nl];
            head = nl < 0 ? default : head[(nl + 1)..];
            lines++;
            ReadOnlySpan<byte> t = line.TrimStart((byte)' ');
            if (line.StartsWith("cpus="u8) || line.StartsWith("version = "u8))
            {
                return TraceFormat.TraceCmd;
            }

            if (t.StartsWith("# tracer:"u8))
            {
                return TraceFormat.Ftrace;
            }

            if (TraceLineParser.Parse(line, TraceFormat.Ftrace, out TraceLine f) != LineShape.Event || f.Cpu < 0)
            {
                continue;
            }

            // perf prints "group:event:"; ftrace and trace-cmd print the bare name.
            int eventAt = line.IndexOf(f.Event);
            if (eventAt > 0 && line[eventAt - 1] == (byte)':')
            {
                perfVotes++;
            }
            else if (line.Length > 0 && line[0] != (byte)' ' && line.IndexOf((byte)':') < line.IndexOf((byte)'[')
                && line[..line.IndexOf((byte)':')].IndexOf((byte)' ') < 0 && HasInstancePrefix(line))
            {
                return TraceFormat.TraceCmd;
            }
            else
            {
                ftraceVotes++;
            }
        }

        return perfVotes > ftraceVotes ? TraceFormat.PerfScript : TraceFormat.Ftrace;
    }

    private static bool HasInstancePrefix(ReadOnlySpan<byte> line)
    {
        // "realtrace_5898:          kvmload-5911  [001] ..." — a token and ':' at column 0, then blanks.
        int colon = line.IndexOf((byte)':');
        return colon > 0 && colon + 1 < line.Length && line[colon + 1] == (byte)' ';
    }
}
