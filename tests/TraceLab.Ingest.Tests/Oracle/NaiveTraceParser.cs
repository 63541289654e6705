using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>
/// A slow, obviously-correct reference parser for the differential tests, written from the print formats of spec §1
/// and the corpus README, never from src/Ingest. It splits the file into lines and matches each with a regex:
/// <code>
///   [instance: ][wall-clock ]task-pid[ (tgid)] [cpu] [flags] ts: [group:]event: payload    (ftrace, trace-cmd, perf-prof)
///   comm [pid/]tid [cpu] ts: group:event: payload                                          (perf script)
///   ts: event: payload                                                                     (author kept the stamp only)
///   event: payload                                                                         (author stripped the columns)
/// </code>
/// A header with nothing after the timestamp is joined with a column-less event on the next line, and a payload that
/// matches no print format is joined with the next unclassifiable line if that makes it match (mail clients wrap
/// long lines). Lines it cannot classify with confidence are Unknown and are never compared.
/// </summary>
public static partial class NaiveTraceParser
{

    public static NaiveTrace Parse(byte[] data)
    {
        List<(string Text, long Offset, bool Ascii)> raw = SplitLines(data);
        var lines = new List<NaiveLine>(raw.Count);
        var events = new List<NaiveEvent>();
        for (int i = 0; i < raw.Count; i++)
        {
            (string text, long offset, bool ascii) = raw[i];
            var line = new NaiveLine { Number = i + 1, Text = text, Kind = Classify(text, out NaiveEvent? ev, out int lostCpu, out long lostCount) };
            if (line.Kind == NaiveLineKind.LostEvents)
            {
                line = new NaiveLine { Number = i + 1, Text = text, Kind = NaiveLineKind.LostEvents, LostCpu = lostCpu, LostCount = lostCount };
            }

            lines.Add(line);
            if (ev is null)
            {
                continue;
            }

            ev.Line = i + 1;
            string? next = i + 1 < raw.Count ? raw[i + 1].Text : null;
            if (ev.Name.Length == 0)
            {
                // A header with nothing after the timestamp: the event is on the next line, without columns.
                if (next is not null && TryColumnless(next, out string name, out string payload))
                {
                    ev.Name = name;
                    ev.Payload = payload;
                    ev.Joined = true;
                    Finish(ev);
                    line.Kind = NaiveLineKind.Event;
                    line.Event = ev;
                    events.Add(ev);
                    lines.Add(new NaiveLine { Number = i + 2, Text = next, Kind = NaiveLineKind.Continuation });
                    i++;
                }
                else
                {
                    line.Kind = NaiveLineKind.Unknown;
                }

                continue;
            }

            Finish(ev);
            if (ev.Decoded.Status == NaiveDecodeStatus.Failed && next is not null
                && Classify(next, out _, out _, out _) == NaiveLineKind.Unknown)
            {
                NaiveDecoded joined = NaivePayloadDecoder.Decode(ev.Kind, ev.Payload + " " + next.Trim(' ', '\t'));
                if (joined.Status == NaiveDecodeStatus.Complete)
                {
                    ev.Payload += " " + next.Trim(' ', '\t');
                    ev.Decoded = joined;
                    ev.Joined = true;
                    line.Event = ev;
                    events.Add(ev);
                    lines.Add(new NaiveLine { Number = i + 2, Text = next, Kind = NaiveLineKind.Continuation });
                    i++;
                    continue;
                }
            }

            if (!ev.Joined && ascii && ev.PayloadIndex >= 0)
            {
                ev.PayloadOffset = offset + ev.PayloadIndex;
                ev.PayloadLength = ev.Payload.Length;
            }

            line.Event = ev;
            events.Add(ev);
        }

        return new NaiveTrace { Lines = lines, Events = events, Exits = NaiveExitPairer.Pair(lines) };
    }

    private static void Finish(NaiveEvent ev)
    {
        ev.Kind = NaiveEventKinds.Of(ev.Name);
        ev.Decoded = NaivePayloadDecoder.Decode(ev.Kind, ev.Payload);
    }

    /// <summary>Splits on '\n'; a last line without '\n' counts; a trailing '\r' (CRLF files) is not part of the line.</summary>
    private static List<(string Text, long Offset, bool Ascii)> SplitLines(byte[] data)
    {
        var result = new List<(string, long, bool)>();
        int start = 0;
        while (start < data.Length)
        {
            int nl = Array.IndexOf(data, (byte)'\n', start);
            int end = nl < 0 ? data.Length : nl;
            bool ascii = true;
            for (int j = start; j < end; j++)
            {
                ascii &= data[j] is >= 0x20 and < 0x7f or (byte)'\t' or (byte)'\r';
            }

            string text = Encoding.UTF8.GetString(data, start, end - start).TrimEnd('\r');
            result.Add((text, start, ascii));
            start = end + 1;
        }

        return result;
    }

    /// <summary>Classifies one line; for an event line returns its header fields (Name empty for a header-only line).</summary>
    private static NaiveLineKind Classify(string text, out NaiveEvent? ev, out int lostCpu, out long lostCount)
    {
        ev = null;
        lostCpu = -1;
        lostCount = 0;
        // Cheap string tests guard the rarer regexes: most lines are events and should pay for few regexes.
        string trimmed = text.TrimStart(' ', '\t');
        if (trimmed.Length == 0
            || (trimmed[0] is '#' or '=' or '<' || text.Contains("cpus=", StringComparison.Ordinal) || text.Contains("version = ", StringComparison.Ordinal))
                && NotAnEvent().IsMatch(text))
        {
            return NaiveLineKind.NotAnEvent;
        }

        Match lost = text.Contains("EVENTS", StringComparison.Ordinal) ? LostEvents().Match(text) : Match.Empty;
        if (lost.Success)
        {
            lostCpu = int.Parse(lost.Groups["cpu"].Value, CultureInfo.InvariantCulture);
            string count = lost.Groups["n"].Success ? lost.Groups["n"].Value : lost.Groups["n2"].Value;
            lostCount = count.Length > 0 ? long.Parse(count, CultureInfo.InvariantCulture) : 0;
            return NaiveLineKind.LostEvents;
        }

        NaiveLineKind kind = NaiveLineKind.Unknown;
        var candidate = new NaiveEvent();
        // The first " [ddd]" is the CPU column; what follows it must be [flags] timestamp ':' (searched in two
        // steps because one regex with a lazy task group costs several microseconds per line).
        Match cpu = CpuColumn().Match(text);
        Match? h = cpu.Success ? AfterCpuColumn().Match(text, cpu.Index + cpu.Length) : null;
        Match? t = h is { Success: true } ? null : TimestampOnly().Match(text);
        Match? c = h is { Success: true } || t!.Success ? null : Columnless().Match(text);
        if (h is { Success: true })
        {
            candidate.Cpu = int.Parse(cpu.Groups["cpu"].Value, CultureInfo.InvariantCulture);
            ParseTimestamp(h.Groups["ts"].Value, candidate);
            ParseTask(text[..cpu.Index].TrimEnd(' ', '\t'), startsAtColumnZero: !char.IsWhiteSpace(text[0]), candidate);
            kind = ParseRest(h.Groups["rest"], candidate);
        }
        else if (t!.Success)
        {
            ParseTimestamp(t.Groups["ts"].Value, candidate);
            kind = ParseRest(t.Groups["rest"], candidate);
            if (kind == NaiveLineKind.Event && !candidate.Name.Contains('_', StringComparison.Ordinal))
            {
                kind = NaiveLineKind.Unknown;
            }
        }
        else if (c!.Success)
        {
            candidate.Name = c.Groups["name"].Value;
            candidate.Payload = c.Groups["payload"].Value;
            candidate.PayloadIndex = c.Groups["payload"].Success && candidate.Payload.Length > 0 ? c.Groups["payload"].Index : -1;
            kind = NaiveLineKind.Event;
        }
        else if (PerfCallchainFrame().IsMatch(text))
        {
            return NaiveLineKind.NotAnEvent;
        }

        ev = kind == NaiveLineKind.Event ? candidate : null;
        return kind;
    }

    /// <summary><c>event: payload</c> with the task, CPU and time columns stripped; the name must look like a tracepoint.</summary>
    private static bool TryColumnless(string text, out string name, out string payload)
    {
        Match m = Columnless().Match(text);
        name = m.Success ? m.Groups["name"].Value : "";
        payload = m.Success ? m.Groups["payload"].Value : "";
        return m.Success;
    }

    private static NaiveLineKind ParseRest(Group rest, NaiveEvent ev)
    {
        if (!rest.Success || rest.Value.Length == 0)
        {
            return NaiveLineKind.Event;    // header only: Name stays empty, the caller looks at the next line
        }

        Match m = EventAndPayload().Match(rest.Value);
        if (!m.Success)
        {
            return NaiveLineKind.Unknown;  // "kvm_exit" with no ':' — a cut line
        }

        ev.Name = m.Groups["name"].Value;
        ev.Payload = m.Groups["payload"].Value;
        ev.PayloadIndex = m.Groups["payload"].Success && ev.Payload.Length > 0 ? rest.Index + m.Groups["payload"].Index : -1;
        return NaiveLineKind.Event;
    }

    /// <summary><c>sec.frac</c> → ns with integer math (fraction padded or cut to 9 digits); a bare integer is a counter.</summary>
    private static void ParseTimestamp(string ts, NaiveEvent ev)
    {
        string[] parts = ts.Split('.');
        if (parts.Length == 1)
        {
            ev.Timestamp = long.Parse(parts[0], CultureInfo.InvariantCulture);
            ev.TimestampIsCounter = true;
            return;
        }

        string fraction = parts[1].PadRight(9, '0')[..9];
        ev.Timestamp = (long.Parse(parts[0], CultureInfo.InvariantCulture) * 1_000_000_000) + long.Parse(fraction, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The text before the CPU column: optional trace-cmd instance prefix, perf-prof wall clock and flags, ftrace's
    /// tgid column, then <c>task-pid</c> (ftrace: the pid follows the LAST '-') or <c>comm [pid/]tid</c> (perf).
    /// </summary>
    private static void ParseTask(string left, bool startsAtColumnZero, NaiveEvent ev)
    {
        if (startsAtColumnZero && InstancePrefix().Match(left) is { Success: true } inst)
        {
            left = inst.Groups["rest"].Value;
        }

        if (left.Contains(':', StringComparison.Ordinal))
        {
            left = WallClock().Replace(left, "");
        }

        if (left.Contains('.', StringComparison.Ordinal) && FlagsBeforeCpu().Match(left) is { Success: true } flags)
        {
            left = flags.Groups["left"].Value;
        }

        if (left.EndsWith(')') && TgidColumn().Match(left) is { Success: true } tgid)
        {
            left = tgid.Groups["left"].Value;
            if (int.TryParse(tgid.Groups["tgid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                ev.Tgid = value;
            }
        }

        if (FtraceTask().Match(left) is { Success: true } f && f.Groups["task"].Value.Trim(' ', '\t').Length > 0)
        {
            ev.Task = f.Groups["task"].Value.Trim(' ', '\t');
            ev.Tid = int.Parse(f.Groups["tid"].Value, CultureInfo.InvariantCulture);
        }
        else if (PerfTask().Match(left) is { Success: true } p)
        {
            ev.Task = p.Groups["task"].Value.Trim(' ', '\t');
            ev.Tid = int.Parse(p.Groups["tid"].Value, CultureInfo.InvariantCulture);
            if (p.Groups["pid"].Success)
            {
                ev.Tgid = int.Parse(p.Groups["pid"].Value, CultureInfo.InvariantCulture);
            }
        }
        else
        {
            ev.Task = left.Trim(' ', '\t');
        }
    }

    [GeneratedRegex(@"^[ \t]*(?:#|=>|<stack trace>|<user stack trace>|(?:[^\s:]+:[ \t]+)?(?:cpus=\d+|version = \d+)[ \t]*$)")]
    private static partial Regex NotAnEvent();

    [GeneratedRegex(@"^[ \t]+[0-9a-f]{4,16}[ \t]+\S")]
    private static partial Regex PerfCallchainFrame();

    [GeneratedRegex(@"^[ \t]*(?:[^\s:]+:[ \t]+)?CPU:?[ \t]*(?<cpu>\d+)[ \t]*\[(?:LOST (?<n>\d+) EVENTS|LOST EVENTS|(?<n2>\d+) EVENTS DROPPED)\][ \t]*$")]
    private static partial Regex LostEvents();

    [GeneratedRegex(@"(?<=\S[ \t]*)[ \t]\[(?<cpu>\d{1,6})\]")]
    private static partial Regex CpuColumn();

    [GeneratedRegex(@"\G(?:[ \t]+(?<flags>[^\s:]{4,5})(?=[ \t]))?[ \t]*(?<ts>\d+(?:\.\d+)?):(?:[ \t]+(?<rest>.*[^ \t]))?[ \t]*$")]
    private static partial Regex AfterCpuColumn();

    [GeneratedRegex(@"^[ \t]*(?<ts>\d+\.\d+):[ \t]+(?<rest>.*[^ \t])?[ \t]*$")]
    private static partial Regex TimestampOnly();

    [GeneratedRegex(@"^(?:[A-Za-z_][A-Za-z0-9_]*:)?(?<name>[A-Za-z_][A-Za-z0-9_]*):(?:[ \t]+(?<payload>.*[^ \t]))?[ \t]*$")]
    private static partial Regex EventAndPayload();

    [GeneratedRegex(@"^[ \t]*(?:[a-z][a-z0-9_]*:)?(?<name>[a-z][a-z0-9]*_[a-z0-9_]*):(?:[ \t]+(?<payload>.*[^ \t]))?[ \t]*$")]
    private static partial Regex Columnless();

    [GeneratedRegex(@"^(?<inst>[^\s:]+):[ \t]+(?<rest>.*)$")]
    private static partial Regex InstancePrefix();

    [GeneratedRegex(@"^[ \t]*\d{4}-\d\d-\d\d[ \t]+\d\d:\d\d:\d\d(?:\.\d+)?[ \t]+")]
    private static partial Regex WallClock();

    [GeneratedRegex(@"^(?<left>.*\d)[ \t]+(?=[.A-Za-z0-9]{4,5}$)[A-Za-z0-9]*\.[.A-Za-z0-9]*$")]
    private static partial Regex FlagsBeforeCpu();

    [GeneratedRegex(@"^(?<left>.*?)[ \t]*\([ \t]*(?<tgid>\d+|-+)\)$")]
    private static partial Regex TgidColumn();

    [GeneratedRegex(@"^(?<task>.*)-(?<tid>\d+)$")]
    private static partial Regex FtraceTask();

    [GeneratedRegex(@"^(?<task>.*?\S)[ \t]+(?:(?<pid>\d+)/)?(?<tid>\d+)$")]
    private static partial Regex PerfTask();
}
