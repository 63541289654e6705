using System.Globalization;
using System.Text.RegularExpressions;

namespace TraceLab.Cli.Tests.Support;

/// <summary>One event line of a text trace, as a regular expression reads it.</summary>
internal sealed record TextEvent(int Line, int Tid, long TimeNs, string Name, string Payload);

/// <summary>
/// A deliberately plain reading of the bundled samples (ftrace, trace_pipe, trace-cmd report with or without an
/// instance prefix, perf script): one regex anchored on the <c>[ddd]</c> CPU column, timestamps with 6 or 9 digit
/// fractions. It knows nothing of the ingester; tests derive expected statistics from it.
/// </summary>
internal static partial class TextTrace
{
    public static List<TextEvent> Read(string path)
    {
        var events = new List<TextEvent>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.StartsWith('#'))
            {
                continue;
            }

            Match m = EventLine().Match(line);
            if (!m.Success)
            {
                continue;
            }

            events.Add(new TextEvent(lineNumber, int.Parse(m.Groups["tid"].Value, CultureInfo.InvariantCulture),
                Nanoseconds(m.Groups["sec"].Value, m.Groups["frac"].Value), m.Groups["event"].Value, m.Groups["payload"].Value.TrimEnd()));
        }

        return events;
    }

    /// <summary>Code → count of every kvm_userspace_exit, coded as docs/stats.md says (errno forms negated).</summary>
    public static Dictionary<long, long> UserspaceTotals(IEnumerable<TextEvent> events, Func<TextEvent, bool>? filter = null)
    {
        var totals = new Dictionary<long, long>();
        foreach (TextEvent e in events.Where(e => e.Name == "kvm_userspace_exit" && (filter is null || filter(e))))
        {
            long code = UserspaceCode(e.Payload);
            totals[code] = totals.GetValueOrDefault(code) + 1;
        }

        return totals;
    }

    /// <summary><c>reason KVM_EXIT_IO (2)</c> → 2, <c>reason 0x28 (40)</c> → 40, <c>reason restart (4)</c> → −4.</summary>
    public static long UserspaceCode(string payload)
    {
        Match m = UserspacePayload().Match(payload);
        Assert.True(m.Success, $"unexpected kvm_userspace_exit payload '{payload}'");
        long n = long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        return m.Groups["name"].Value is "restart" or "error" ? -n : n;
    }

    /// <summary>
    /// For every kvm_userspace_exit: the time to the same thread's next kvm_entry, or null when the thread's next
    /// kvm_userspace_exit comes first, the trace ends first, or the entry is stamped earlier.
    /// </summary>
    public static List<(long Code, long? Latency)> UserspaceLatencies(IReadOnlyList<TextEvent> events)
    {
        var result = new List<(long, long?)>();
        for (int i = 0; i < events.Count; i++)
        {
            TextEvent e = events[i];
            if (e.Name != "kvm_userspace_exit")
            {
                continue;
            }

            long? latency = null;
            for (int j = i + 1; j < events.Count; j++)
            {
                TextEvent n = events[j];
                if (n.Tid != e.Tid)
                {
                    continue;
                }

                if (n.Name == "kvm_entry")
                {
                    latency = n.TimeNs >= e.TimeNs ? n.TimeNs - e.TimeNs : null;
                    break;
                }

                if (n.Name == "kvm_userspace_exit")
                {
                    break;
                }
            }

            result.Add((UserspaceCode(e.Payload), latency));
        }

        return result;
    }

    /// <summary>
    /// For <c>--event mmio|ioport|msr</c>: each kvm_exit line whose thread, before its next kvm_entry (or kvm_exit),
    /// emitted an access of that kind, mapped to the first such access as (code, "read"|"write").
    /// </summary>
    public static Dictionary<int, (long Code, string Access)> FirstAccessByExitLine(IReadOnlyList<TextEvent> events, string mode)
    {
        var result = new Dictionary<int, (long, string)>();
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i].Name != "kvm_exit")
            {
                continue;
            }

            for (int j = i + 1; j < events.Count; j++)
            {
                TextEvent n = events[j];
                if (n.Tid != events[i].Tid)
                {
                    continue;
                }

                if (n.Name is "kvm_entry" or "kvm_exit")
                {
                    break;
                }

                if (Access(n, mode) is { } access)
                {
                    result[events[i].Line] = access;
                    break;
                }
            }
        }

        return result;
    }

    private static (long Code, string Access)? Access(TextEvent e, string mode)
    {
        Match m;
        switch (mode)
        {
            case "mmio" when e.Name == "kvm_mmio":
                m = MmioPayload().Match(e.Payload);
                Assert.True(m.Success, $"unexpected kvm_mmio payload '{e.Payload}'");
                return (Hex(m.Groups["gpa"].Value), m.Groups["type"].Value == "write" ? "write" : "read");
            case "mmio" when e.Name == "kvm_fast_mmio":
                m = FastMmioPayload().Match(e.Payload);
                Assert.True(m.Success, $"unexpected kvm_fast_mmio payload '{e.Payload}'");
                return (Hex(m.Groups["gpa"].Value), "write");
            case "ioport" when e.Name == "kvm_pio":
                m = PioPayload().Match(e.Payload);
                Assert.True(m.Success, $"unexpected kvm_pio payload '{e.Payload}'");
                return (Hex(m.Groups["port"].Value), m.Groups["dir"].Value);
            case "msr" when e.Name == "kvm_msr":
                m = MsrPayload().Match(e.Payload);
                Assert.True(m.Success, $"unexpected kvm_msr payload '{e.Payload}'");
                return (Hex(m.Groups["index"].Value), m.Groups["dir"].Value);
            default:
                return null;
        }
    }

    private static long Hex(string s) =>
        long.Parse(s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>"1161" + "110452" → 1161110452000 ns, in integers.</summary>
    private static long Nanoseconds(string seconds, string fraction) =>
        (long.Parse(seconds, CultureInfo.InvariantCulture) * 1_000_000_000L) +
        long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"[- ](?<tid>\d+)\s+(?:\(\s*\d+\s*\)\s+)?\[(?<cpu>\d+)\]\s+(?:\S+\s+)?(?<sec>\d+)\.(?<frac>\d{6}|\d{9}):\s+(?:\w+:)?(?<event>\w+):\s*(?<payload>.*)$")]
    private static partial Regex EventLine();

    [GeneratedRegex(@"^reason (?<name>\S+) \((?<n>\d+)\)$")]
    private static partial Regex UserspacePayload();

    [GeneratedRegex(@"^mmio (?<type>unsatisfied-read|read|write) len \d+ gpa (?<gpa>0x[0-9a-f]+)")]
    private static partial Regex MmioPayload();

    [GeneratedRegex(@"^fast mmio at gpa (?<gpa>0x[0-9a-f]+)")]
    private static partial Regex FastMmioPayload();

    [GeneratedRegex(@"^pio_(?<dir>read|write) at (?<port>0x[0-9a-f]+) ")]
    private static partial Regex PioPayload();

    [GeneratedRegex(@"^msr_(?<dir>read|write) (?<index>[0-9a-f]+) = ")]
    private static partial Regex MsrPayload();
}
