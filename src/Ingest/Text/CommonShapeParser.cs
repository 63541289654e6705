using System.Runtime.CompilerServices;

namespace TraceLab.Ingest.Text;

/// <summary>
/// The fast path of <see cref="TraceLineParser"/> for the shape nearly every line of an ftrace, trace_pipe or
/// trace-cmd capture has:
/// <code>
///        CPU 0/KVM-12699   [001] d.... 33062.770360: kvm_exit: vcpu 0 reason HLT rip 0x0 ...
/// </code>
/// blanks, <c>task-pid</c>, the <c> [ddd] </c> CPU column, an optional flags column, a <c>sec.frac:</c> or counter
/// timestamp, <c>[group:]event:</c> and the payload. It makes one forward pass with scalar loops over the short
/// header tokens instead of the general grammar's trims, searches and token tests (about half of a line's parse cost
/// on large traces). It accepts only lines whose every field the general grammar would read the same way, and
/// declines everything else (tgid column, perf's <c>comm tid</c>, trace-cmd instance prefixes, wall-clock prefixes,
/// wrapped or cut lines, markers), which <see cref="TraceLineParser"/> then parses from scratch. The property that
/// an accepted line yields exactly the general grammar's fields is tested over every corpus line
/// (CommonShapeParserTests).
/// </summary>
internal static class CommonShapeParser
{
    /// <summary>Longest pid accepted here: nine digits cannot overflow the <c>int</c> the general path casts to.</summary>
    private const int MaxPidDigits = 9;

    /// <summary>
    /// Parses <paramref name="text"/> (trailing blanks already removed; <paramref name="start"/> is its first
    /// non-blank byte) when it has the common shape. Returns false when it does not, and then has not written
    /// <paramref name="f"/> at all (every field is set after the last check), so the caller goes on with the general
    /// grammar.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, int start, TraceFormat format, ref TraceLine f)
    {
        // A digit first is a wall-clock prefix or a bare timestamp; a line starting in column 0 of trace-cmd output
        // may carry an instance prefix ("name: task-pid [...]"). Both are the general grammar's.
        byte first = text[start];
        if (IsDigit(first) || first == (byte)'#' || (format == TraceFormat.TraceCmd && start == 0))
        {
            return false;
        }

        int bracket = text[start..].IndexOf((byte)'[');
        if (bracket <= 0)
        {
            return false;
        }

        bracket += start;
        if (text[bracket - 1] != (byte)' ')
        {
            return false;
        }

        // [ddd]: one to six digits, as the general grammar requires.
        int p = bracket + 1;
        int cpu = 0;
        while (p < text.Length && IsDigit(text[p]))
        {
            cpu = (cpu * 10) + (text[p] - '0');
            p++;
        }

        int cpuDigits = p - bracket - 1;
        if (cpuDigits is 0 or > 6 || p >= text.Length || text[p] != (byte)']')
        {
            return false;
        }

        int close = p;

        // task-pid, right-padded up to the CPU column: the pid's digits end the text before it and a '-' precedes
        // them (a task name may itself contain '-' and blanks; only the last '-' separates).
        int last = bracket - 1;
        while (text[last] == (byte)' ')
        {
            last--;
        }

        int dash = last;
        while (IsDigit(text[dash]))
        {
            dash--;
        }

        int pidDigits = last - dash;
        if (pidDigits is 0 or > MaxPidDigits || text[dash] != (byte)'-')
        {
            return false;
        }

        int tid = 0;
        for (int i = dash + 1; i <= last; i++)
        {
            tid = (tid * 10) + (text[i] - '0');
        }

        // The flags column ("d....", "....") is a token that does not end in ':'; the timestamp's does. Blanks are
        // skipped and tokens end at ' ', exactly as in the general grammar.
        p = SkipBlanks(text, close + 1);
        int tokenEnd = TokenEnd(text, p);
        if (tokenEnd == p)
        {
            return false;
        }

        if (text[tokenEnd - 1] != (byte)':')
        {
            p = SkipBlanks(text, tokenEnd);
            tokenEnd = TokenEnd(text, p);
        }

        if (tokenEnd - p < 2 || text[tokenEnd - 1] != (byte)':'
            || !TimestampParser.TryParse(text[p..(tokenEnd - 1)], out long timestamp, out bool counter))
        {
            return false;
        }

        // [group:]event: — a ':' followed directly by a name character ends a group prefix ("kvm:kvm_exit").
        p = SkipBlanks(text, tokenEnd);
        if (p >= text.Length || text[p] == (byte)'<')
        {
            return false;
        }

        int colon = TraceLineParser.FindEventName(text, p, out int nameStart);
        if (colon <= nameStart)
        {
            return false;
        }

        int payload = SkipBlanks(text, colon + 1);
        f.Cpu = cpu;
        f.Tid = tid;
        f.Task = text[start..dash];
        f.Timestamp = timestamp;
        f.TimestampIsCounter = counter;
        f.HasTimestamp = true;
        f.Event = text[nameStart..colon];
        f.PayloadStart = payload;
        f.Payload = text[payload..];
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipBlanks(ReadOnlySpan<byte> text, int pos)
    {
        while (pos < text.Length && (text[pos] == (byte)' ' || text[pos] == (byte)'\t'))
        {
            pos++;
        }

        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TokenEnd(ReadOnlySpan<byte> text, int pos)
    {
        while (pos < text.Length && text[pos] != (byte)' ')
        {
            pos++;
        }

        return pos;
    }
}
