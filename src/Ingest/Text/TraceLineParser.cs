namespace TraceLab.Ingest.Text;

/// <summary>
/// Splits one line into header fields, event name and payload. One grammar covers every text form TraceLab reads:
/// <code>
///          kvmload-5911    [001] d..1.  1242.099187: kvm_update_master_clock: masterclock 0 hostclock tsc   (ftrace, 5 flags)
///        CPU 0/KVM-7289    [023] ....  2925.640961: kvm_entry: vcpu 0                                        (ftrace, 4 flags)
///   CPU 0/KVM-7289 (   7280) [023] d.... 2925.640961: kvm_entry: vcpu 0                                      (ftrace with tgid)
/// realtrace_5898:  kvmload-5911  [001]  1242.100400: kvm_track_tsc:        vcpu_id 0 masterclock 0 ...       (trace-cmd, instance prefix)
///          kvmload  5933 [001]  1243.113742:        kvm:kvm_update_master_clock: masterclock 0 ...           (perf script)
///  2022-04-22 17:39:26.535148  &lt;...&gt; 126953 .... [078] 96822671.255015: kvm:kvm_exit: reason APIC_WRITE ... (perf-prof)
///  kvm_exit:             reason EXIT_CPUID rip 0x4014db info 0 0                                              (columns stripped)
///  220.696238: kvm_exit: vcpu 0 reason vintr rip 0x4004ae ...                                                 (timestamp only)
/// </code>
/// Task names contain spaces, '-' and '/', so the parser anchors on the <c> [ddd] </c> CPU column and takes the pid
/// from the digits that end the text before it, never by splitting on blanks.
/// </summary>
internal static class TraceLineParser
{
    /// <summary>Parses <paramref name="line"/> (no line terminator). Never throws; unknown shapes are reported as such.</summary>
    public static LineShape Parse(ReadOnlySpan<byte> line, TraceFormat format, out TraceLine f) =>
        Parse(line, format, useCommonShape: true, out f);

    /// <summary>
    /// The general grammar alone, without the <see cref="CommonShapeParser"/> fast path: the reference the fast
    /// path is tested against.
    /// </summary>
    public static LineShape ParseGeneral(ReadOnlySpan<byte> line, TraceFormat format, out TraceLine f) =>
        Parse(line, format, useCommonShape: false, out f);

    private static LineShape Parse(ReadOnlySpan<byte> line, TraceFormat format, bool useCommonShape, out TraceLine f)
    {
        f = default;
        f.Tid = -1;
        f.Tgid = -1;
        f.Cpu = -1;

        int end = line.Length;
        while (end > 0 && (line[end - 1] == (byte)' ' || line[end - 1] == (byte)'\r' || line[end - 1] == (byte)'\t'))
        {
            end--;
        }

        // ftrace right-aligns task names to 16 columns: most lines start with a run of blanks.
        int start = line[..end].IndexOfAnyExcept((byte)' ', (byte)'\t');
        if (start < 0)
        {
            return LineShape.Blank;
        }

        if (line[start] == (byte)'#')
        {
            return LineShape.Comment;
        }

        ReadOnlySpan<byte> text = line[..end];
        if (useCommonShape && CommonShapeParser.TryParse(text, start, format, ref f))
        {
            return LineShape.Event;
        }

        int bracket = FindCpuColumn(text, start, out int cpu, out int close);
        if (bracket < 0)
        {
            return ParseWithoutCpuColumn(text, start, format, ref f);
        }

        f.Cpu = cpu;
        ParseTaskColumns(text[start..bracket], start == 0 && format == TraceFormat.TraceCmd, ref f);
        return ParseAfterCpuColumn(text, close + 1, ref f);
    }

    /// <summary>
    /// Finds <c>[ddd]</c> preceded by a blank. Returns the index of '[' or -1, and recognises lost-event markers
    /// (<c>CPU:3 [LOST 1234 EVENTS]</c>, trace-cmd's <c>CPU:3 [1234 EVENTS DROPPED]</c>) by returning -2.
    /// </summary>
    private static int FindCpuColumn(ReadOnlySpan<byte> text, int start, out int cpu, out int close)
    {
        cpu = -1;
        close = -1;
        int from = start;
        while (true)
        {
            int rel = text[from..].IndexOf((byte)'[');
            if (rel < 0)
            {
                return -1;
            }

            int b = from + rel;
            int digits = AsciiNumber.ParseDecimal(text[(b + 1)..], out ulong value);
            if (digits is > 0 and <= 6 && b + 1 + digits < text.Length && text[b + 1 + digits] == (byte)']'
                && b > start && text[b - 1] == (byte)' ')
            {
                cpu = (int)value;
                close = b + 1 + digits;
                return b;
            }

            from = b + 1;
        }
    }

    private static LineShape ParseWithoutCpuColumn(ReadOnlySpan<byte> text, int start, TraceFormat format, ref TraceLine f)
    {
        ReadOnlySpan<byte> rest = text[start..];
        if (TryParseLostEvents(rest, ref f))
        {
            return LineShape.LostEvents;
        }

        if (rest.StartsWith("cpus="u8) || rest.StartsWith("version = "u8))
        {
            return LineShape.FormatHeader;
        }

        // A multi-file trace-cmd report starts each file's section with "<file>.dat: cpus=N".
        int cpusAt = rest.IndexOf(": cpus="u8);
        if (cpusAt > 0 && rest[(cpusAt + 7)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
        {
            return LineShape.FormatHeader;
        }

        // ftrace's stacktrace option (" => func") and perf script's callchain lines ("\t ffffffff8123 sym+0x5b (...)")
        // annotate the event above them; they are not events and do not interrupt the stream.
        if (rest.StartsWith("=>"u8) || rest.StartsWith("<stack trace>"u8) || rest.StartsWith("<user stack trace>"u8))
        {
            return LineShape.Comment;
        }

        if (format == TraceFormat.PerfScript && start > 0 && IsCallchainFrame(rest))
        {
            return LineShape.Comment;
        }

        if (format == TraceFormat.TraceCmd)
        {
            // "instance: CPU:3 [LOST ...]" style markers carry the instance prefix too.
            int colon = rest.IndexOf((byte)':');
            if (colon > 0 && colon + 1 < rest.Length && rest[colon + 1] == (byte)' '
                && TryParseLostEvents(rest[(colon + 1)..].TrimStart((byte)' '), ref f))
            {
                return LineShape.LostEvents;
            }
        }

        int tokenEnd = rest.IndexOf((byte)' ');
        ReadOnlySpan<byte> first = tokenEnd < 0 ? rest : rest[..tokenEnd];
        if (first.Length > 1 && first[^1] == (byte)':' && AsciiNumber.IsDigit(first[0]))
        {
            // "220.696238: kvm_exit: ..." — timestamp without task or CPU columns. Demand a fraction and an
            // event-like name so that "000: ARG TYPE NOT FIELD" (a libtraceevent error) stays unrecognized.
            if (first.IndexOf((byte)'.') < 0
                || !TimestampParser.TryParse(first[..^1], out f.Timestamp, out f.TimestampIsCounter))
            {
                return LineShape.Unrecognized;
            }

            f.HasTimestamp = true;
            LineShape shape = ParseEventAndPayload(text, start + first.Length, ref f);
            return shape == LineShape.HeaderOnly || LooksLikeEventName(f.Event) ? shape : LineShape.Unrecognized;
        }

        if (first.Length > 1 && first[^1] == (byte)':' && LooksLikeEventName(first[..^1]))
        {
            // " kvm_exit:             reason ..." — task, CPU and timestamp columns stripped by the author.
            return ParseEventAndPayload(text, start, ref f);
        }

        return LineShape.Unrecognized;
    }

    private static bool IsCallchainFrame(ReadOnlySpan<byte> rest)
    {
        int n = 0;
        while (n < rest.Length && AsciiNumber.IsHexDigit(rest[n]))
        {
            n++;
        }

        return n >= 4 && n < rest.Length && rest[n] == (byte)' ';
    }

    private static bool TryParseLostEvents(ReadOnlySpan<byte> rest, ref TraceLine f)
    {
        if (!rest.StartsWith("CPU"u8))
        {
            return false;
        }

        int open = rest.IndexOf((byte)'[');
        int shut = rest.IndexOf((byte)']');
        if (open < 0 || shut < open)
        {
            return false;
        }

        ReadOnlySpan<byte> inside = rest[(open + 1)..shut];
        if (!inside.EndsWith("EVENTS"u8) && !inside.EndsWith("EVENTS DROPPED"u8))
        {
            return false;
        }

        ReadOnlySpan<byte> cpuPart = rest[3..open].Trim((byte)' ').Trim((byte)':').Trim((byte)' ');
        if (AsciiNumber.ParseDecimal(cpuPart, out ulong cpu) > 0)
        {
            f.Cpu = (int)cpu;
        }

        if (inside.StartsWith("LOST "u8))
        {
            inside = inside[5..];
        }

        AsciiNumber.ParseDecimal(inside, out ulong count);
        f.LostCount = (long)count;
        return true;
    }

    /// <summary>
    /// Parses what stands before the CPU column: an optional trace-cmd instance prefix, an optional wall-clock
    /// prefix (perf-prof), the task and its pid in ftrace (<c>task-pid</c>), ftrace-tgid (<c>task-pid (tgid)</c>)
    /// or perf (<c>comm tid</c>, <c>comm pid/tid</c>) spelling, and flags printed before the CPU (perf-prof).
    /// </summary>
    private static void ParseTaskColumns(ReadOnlySpan<byte> left, bool mayHaveInstancePrefix, ref TraceLine f)
    {
        left = left.TrimEnd((byte)' ');
        if (mayHaveInstancePrefix)
        {
            int colon = left.IndexOf((byte)':');
            if (colon > 0 && colon + 1 < left.Length && left[colon + 1] == (byte)' ' && left[..colon].IndexOf((byte)' ') < 0)
            {
                left = left[(colon + 1)..];
            }
        }

        left = left.TrimStart((byte)' ');
        left = SkipWallClock(left);

        // perf-prof prints the irq flags before the CPU column: "<...> 126953 .... [078]".
        int lastSpace = left.LastIndexOf((byte)' ');
        if (lastSpace > 0 && IsFlagsToken(left[(lastSpace + 1)..]))
        {
            left = left[..lastSpace].TrimEnd((byte)' ');
        }

        if (left.Length > 0 && left[^1] == (byte)')')
        {
            int open = left.LastIndexOf((byte)'(');
            if (open >= 0)
            {
                ReadOnlySpan<byte> tgid = left[(open + 1)..^1].Trim((byte)' ');
                if (AsciiNumber.ParseDecimal(tgid, out ulong value) == tgid.Length && tgid.Length > 0)
                {
                    f.Tgid = (int)value;
                }

                left = left[..open].TrimEnd((byte)' ');
            }
        }

        int d = left.Length;
        while (d > 0 && AsciiNumber.IsDigit(left[d - 1]))
        {
            d--;
        }

        if (d == left.Length || d == 0)
        {
            f.Task = left;
            return;
        }

        AsciiNumber.ParseDecimal(left[d..], out ulong id);
        byte separator = left[d - 1];
        if (separator == (byte)'-')
        {
            f.Tid = (int)id;
            f.Task = left[..(d - 1)];
        }
        else if (separator == (byte)' ')
        {
            f.Tid = (int)id;
            f.Task = left[..(d - 1)].TrimEnd((byte)' ');
        }
        else if (separator == (byte)'/')
        {
            // perf "comm pid/tid"
            f.Tid = (int)id;
            ReadOnlySpan<byte> before = left[..(d - 1)];
            int p = before.Length;
            while (p > 0 && AsciiNumber.IsDigit(before[p - 1]))
            {
                p--;
            }

            if (p < before.Length)
            {
                AsciiNumber.ParseDecimal(before[p..], out ulong pid);
                f.Tgid = (int)pid;
                before = before[..p];
            }

            f.Task = before.TrimEnd((byte)' ');
        }
        else
        {
            f.Task = left;
        }
    }

    private static ReadOnlySpan<byte> SkipWallClock(ReadOnlySpan<byte> left)
    {
        // "2022-04-22 17:39:26.535148   comm ..." (perf-prof): a date and a time token before the task.
        if (left.Length > 20 && AsciiNumber.IsDigit(left[0]) && left[4] == (byte)'-' && left[7] == (byte)'-' && left[10] == (byte)' ')
        {
            int timeEnd = left[11..].IndexOf((byte)' ');
            if (timeEnd > 0)
            {
                return left[(11 + timeEnd)..].TrimStart((byte)' ');
            }
        }

        return left;
    }

    /// <summary>The irq-info column: 4 or 5 characters of irqs-off, need-resched, hardirq, preempt depth, migrate-disable.</summary>
    private static bool IsFlagsToken(ReadOnlySpan<byte> token)
    {
        if (token.Length is < 4 or > 5)
        {
            return false;
        }

        // A pid such as "5933" is also four characters: a flags column has at least one '.' or flag letter.
        bool sawFlag = false;
        foreach (byte c in token)
        {
            bool flag = c is (byte)'.' or (byte)'d' or (byte)'D' or (byte)'X' or (byte)'b' or (byte)'N' or (byte)'n'
                or (byte)'p' or (byte)'h' or (byte)'H' or (byte)'s' or (byte)'z' or (byte)'Z' or (byte)'B';
            if (!flag && !AsciiNumber.IsHexDigit(c))
            {
                return false;
            }

            sawFlag |= flag;
        }

        return sawFlag;
    }

    private static LineShape ParseAfterCpuColumn(ReadOnlySpan<byte> text, int pos, ref TraceLine f)
    {
        pos = SkipBlanks(text, pos);
        int tokenEnd = NextBlank(text, pos);
        ReadOnlySpan<byte> token = text[pos..tokenEnd];
        if (token.Length > 0 && token[^1] != (byte)':')
        {
            // The irq-info flags column ("d..1.", "....").
            pos = SkipBlanks(text, tokenEnd);
            tokenEnd = NextBlank(text, pos);
            token = text[pos..tokenEnd];
        }

        if (token.Length < 2 || token[^1] != (byte)':'
            || !TimestampParser.TryParse(token[..^1], out f.Timestamp, out f.TimestampIsCounter))
        {
            return LineShape.Unrecognized;
        }

        f.HasTimestamp = true;
        return ParseEventAndPayload(text, tokenEnd, ref f);
    }

    /// <summary>Parses <c>[group:]event: payload</c> starting at <paramref name="pos"/> (blanks allowed before).</summary>
    private static LineShape ParseEventAndPayload(ReadOnlySpan<byte> text, int pos, ref TraceLine f)
    {
        pos = SkipBlanks(text, pos);
        if (pos >= text.Length)
        {
            return LineShape.HeaderOnly;
        }

        // ftrace's stacktrace option: "<stack trace>" stands where the event would, " => func" lines follow.
        if (text[pos] == (byte)'<' && (text[pos..].StartsWith("<stack trace>"u8) || text[pos..].StartsWith("<user stack trace>"u8)))
        {
            return LineShape.Comment;
        }

        int colon = FindEventName(text, pos, out int nameStart);
        if (colon < 0)
        {
            int nameEnd = NextBlank(text, nameStart);
            f.Event = text[nameStart..nameEnd];
            return LineShape.Truncated;
        }

        f.Event = text[nameStart..colon];
        int payload = SkipBlanks(text, colon + 1);
        f.PayloadStart = payload;
        f.Payload = text[payload..];
        return f.Event.Length == 0 ? LineShape.Unrecognized : LineShape.Event;
    }

    /// <summary>
    /// Finds <c>[group:]event:</c> starting at <paramref name="pos"/>: returns the index of the ':' that ends the
    /// event name (-1 when a blank or the end of the line comes first) and where the name starts, after any group
    /// prefix ("kvm:kvm_exit:" — a group prefix is a ':' followed directly by a name character).
    /// </summary>
    internal static int FindEventName(ReadOnlySpan<byte> text, int pos, out int nameStart)
    {
        nameStart = pos;
        for (int i = pos; i < text.Length; i++)
        {
            byte c = text[i];
            if (c == (byte)':')
            {
                if (i + 1 < text.Length && IsNameChar(text[i + 1]))
                {
                    nameStart = i + 1;
                    continue;
                }

                return i;
            }

            if (c == (byte)' ')
            {
                return -1;
            }
        }

        return -1;
    }

    private static bool LooksLikeEventName(ReadOnlySpan<byte> name)
    {
        // Lower-case identifiers with an underscore, optionally group-qualified ("kvm:kvm_exit"). Prose words that
        // end in ':' ("Note:", "Output:") fail this test and stay Unrecognized.
        bool underscore = false;
        foreach (byte c in name)
        {
            if (c == (byte)'_')
            {
                underscore = true;
            }
            else if (!(c is >= (byte)'a' and <= (byte)'z') && !AsciiNumber.IsDigit(c) && c != (byte)':')
            {
                return false;
            }
        }

        return underscore;
    }

    private static bool IsNameChar(byte c) =>
        c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or (byte)'_' || AsciiNumber.IsDigit(c);

    private static int SkipBlanks(ReadOnlySpan<byte> text, int pos)
    {
        while (pos < text.Length && (text[pos] == (byte)' ' || text[pos] == (byte)'\t'))
        {
            pos++;
        }

        return pos;
    }

    private static int NextBlank(ReadOnlySpan<byte> text, int pos)
    {
        int rel = text[pos..].IndexOf((byte)' ');
        return rel < 0 ? text.Length : pos + rel;
    }
}
