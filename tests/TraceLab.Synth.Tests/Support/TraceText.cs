using System.Globalization;
using System.Text.RegularExpressions;

namespace TraceLab.Synth.Tests.Support;

/// <summary>
/// A deliberately naive reader of generated traces, written from the real samples in corpus/ rather than from the
/// generator: it pulls the columns out with a loose regex, then re-renders the line start with the documented
/// printf widths (ftrace <c>%16s-%-7d [%03d] flags %5lu.%06lu: </c>, trace-cmd <c>%16s-%-5d [%03d] %5lu.%06lu: %-21s </c>,
/// perf <c>%16s %5d [%03d] %5lu.%06lu: %34s: </c>) and requires it to match byte for byte.
/// </summary>
public static partial class TraceText
{
    public static List<ParsedLine> Parse(string text, SynthOptions o)
    {
        var lines = text.Split('\n');
        Assert.Equal(string.Empty, lines[^1]);
        var result = new List<ParsedLine>(lines.Length);
        int first = HeaderLines(lines, o);
        for (int i = first; i < lines.Length - 1; i++)
        {
            result.Add(ParseLine(lines[i], i + 1, o));
        }

        return result;
    }

    public static int HeaderLines(string[] lines, SynthOptions o)
    {
        switch (o.Format)
        {
            case TraceFormat.Ftrace:
                int n = 0;
                while (lines[n].StartsWith('#'))
                {
                    n++;
                }

                return n;
            case TraceFormat.TraceCmd:
                Assert.Matches(@"^cpus=\d+$", lines[0]);
                return 1;
            default:
                return 0;
        }
    }

    public static ParsedLine ParseLine(string line, long number, SynthOptions o) => o.Format switch
    {
        TraceFormat.TraceCmd => ParseTraceCmd(line, number, o),
        TraceFormat.PerfScript => ParsePerf(line, number, o),
        _ => ParseFtrace(line, number, o),
    };

    private static ParsedLine ParseFtrace(string line, long number, SynthOptions o)
    {
        Match m = FtraceLine().Match(line);
        Assert.True(m.Success, $"line {number} is not ftrace: {line}");
        bool old26 = o.Generation == KernelGeneration.V2_6;
        int pidWidth = o.Generation >= KernelGeneration.V5_9 ? 7 : 5;
        string comm = m.Groups["comm"].Value.TrimStart();
        string pid = m.Groups["pid"].Value;
        string? tgid = m.Groups["tgid"].Success ? m.Groups["tgid"].Value.Trim() : null;
        string flags = m.Groups["flags"].Success ? m.Groups["flags"].Value : string.Empty;
        string ts = m.Groups["ts"].Value.Trim();
        string ev = m.Groups["event"].Value;
        var expected = comm.PadLeft(16) + "-" + pid.PadRight(pidWidth) + " " +
            (tgid is null ? string.Empty : "(" + tgid.PadLeft(pidWidth) + ") ") +
            "[" + m.Groups["cpu"].Value + "]" + (old26 ? string.Empty : " " + flags) + " " + TimestampField(ts, o) + ": " + ev + ": ";
        Assert.True(line.StartsWith(expected, StringComparison.Ordinal), $"line {number} layout:\n  got  '{line}'\n  want '{expected}…'");
        Assert.Equal(o.Tgid, tgid is not null);
        int flagCount = (int)(o.Flags ?? DefaultFlags(o.Generation));
        Assert.Equal(flagCount, flags.Length);
        return new ParsedLine(number, comm, Int(pid), tgid is null ? null : Int(tgid), Int(m.Groups["cpu"].Value), flags, ParseTimestamp(ts, o), ev, line[expected.Length..]);
    }

    private static ParsedLine ParseTraceCmd(string line, long number, SynthOptions o)
    {
        Match m = TraceCmdLine().Match(line);
        Assert.True(m.Success, $"line {number} is not trace-cmd: {line}");
        string comm = m.Groups["comm"].Value.TrimStart();
        string pid = m.Groups["pid"].Value;
        string ts = m.Groups["ts"].Value.Trim();
        string ev = m.Groups["event"].Value;
        string instance = o.TraceCmdInstance is null ? string.Empty : o.TraceCmdInstance + ": ";
        string time = o.Timestamps == TimestampStyle.RawCounter ? ts.PadLeft(12) : " " + TimestampField(ts, o);
        var expected = instance + comm.PadLeft(16) + "-" + pid.PadRight(5) + " [" + m.Groups["cpu"].Value + "]" + time + ": " + (ev + ":").PadRight(21) + " ";
        Assert.True(line.StartsWith(expected, StringComparison.Ordinal), $"line {number} layout:\n  got  '{line}'\n  want '{expected}…'");
        return new ParsedLine(number, comm, Int(pid), null, Int(m.Groups["cpu"].Value), null, ParseTimestamp(ts, o), ev, line[expected.Length..]);
    }

    private static ParsedLine ParsePerf(string line, long number, SynthOptions o)
    {
        Match m = PerfLine().Match(line);
        Assert.True(m.Success, $"line {number} is not perf script: {line}");
        string comm = m.Groups["comm"].Value.TrimStart();
        string tid = m.Groups["tid"].Value.Trim();
        string ts = m.Groups["ts"].Value.Trim();
        string ev = m.Groups["event"].Value;
        var expected = comm.PadLeft(16) + " " + tid.PadLeft(5) + " [" + m.Groups["cpu"].Value + "] " + TimestampField(ts, o) + ": " + ("kvm:" + ev).PadLeft(o.PerfEventNameWidth) + ": ";
        Assert.True(line.StartsWith(expected, StringComparison.Ordinal), $"line {number} layout:\n  got  '{line}'\n  want '{expected}…'");
        return new ParsedLine(number, comm, Int(tid), null, Int(m.Groups["cpu"].Value), null, ParseTimestamp(ts, o), ev, line[expected.Length..]);
    }

    /// <summary><c>%5lu.%06lu</c> / <c>%5lu.%09lu</c> / <c>%12llu</c>.</summary>
    private static string TimestampField(string ts, SynthOptions o)
    {
        if (o.Timestamps == TimestampStyle.RawCounter)
        {
            Assert.Matches(@"^\d+$", ts);
            return ts.PadLeft(12);
        }

        string[] parts = ts.Split('.');
        Assert.Equal(2, parts.Length);
        Assert.Equal(o.Timestamps == TimestampStyle.Usec ? 6 : 9, parts[1].Length);
        return parts[0].PadLeft(5) + "." + parts[1];
    }

    /// <summary>Integer parse of the printed time: ns for sec.frac (never through a double), ticks for a raw counter.</summary>
    public static long ParseTimestamp(string ts, SynthOptions o)
    {
        if (o.Timestamps == TimestampStyle.RawCounter)
        {
            return long.Parse(ts, CultureInfo.InvariantCulture);
        }

        string[] parts = ts.Split('.');
        long scale = parts[1].Length == 6 ? 1000 : 1;
        return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1_000_000_000 + long.Parse(parts[1], CultureInfo.InvariantCulture) * scale;
    }

    public static FlagColumns DefaultFlags(KernelGeneration g) => g switch
    {
        KernelGeneration.V2_6 => FlagColumns.None,
        KernelGeneration.V4 or KernelGeneration.V5_4 or KernelGeneration.V5_9 => FlagColumns.Four,
        _ => FlagColumns.Five,
    };

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<comm>.*?)-(?<pid>\d+) +(?:\((?<tgid>[ \d]+|-+)\) )?\[(?<cpu>\d{3})\](?: (?<flags>[.dDbN][.Nnp][.hHsz][.0-9a-f][.0-9a-f]?))? (?<ts> *\d+(?:\.\d+)?): (?<event>[a-z_]+): ")]
    private static partial Regex FtraceLine();

    [GeneratedRegex(@"^(?:[A-Za-z0-9_.]+: )?(?<comm>.*?)-(?<pid>\d+) +\[(?<cpu>\d{3})\](?<ts> *\d+(?:\.\d+)?): (?<event>[a-z_]+):")]
    private static partial Regex TraceCmdLine();

    [GeneratedRegex(@"^(?<comm>.{16}) (?<tid> *\d+) \[(?<cpu>\d{3})\] (?<ts> *\d+\.\d+): +kvm:(?<event>[a-z_]+): ")]
    private static partial Regex PerfLine();
}
