using System.Globalization;

namespace TraceLab.Cli.Tests.Support;

/// <summary>One kvm_exit as the synthesizer recorded it (samples/traces/README.md, "The truth sidecar").</summary>
internal sealed record TruthExit(int Line, int Vm, int Vcpu, int Tid, int Cpu, long Timestamp, long Reason, int Isa,
    long Handling, int Uexit, int Uerrno)
{
    public bool Paired => Handling >= 0;

    /// <summary>The userspace exit behind this kvm_exit as docs/stats.md codes it (errno form negated), or null.</summary>
    public long? UserspaceCode => Uexit < 0 ? null : Uerrno != 0 ? -Uerrno : Uexit;
}

/// <summary>A <c>thread</c> line of the truth header.</summary>
internal sealed record TruthThread(int Tid, int Tgid, int Vm, int Vcpu, string Comm);

/// <summary>
/// The generator's record of a trace (<c>X.truth.tsv</c>), read with nothing but string splitting: the independent
/// source of expected counts for the CLI tests.
/// </summary>
internal sealed class TruthFile
{
    private TruthFile()
    {
    }

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public List<TruthThread> Threads { get; } = [];

    public Dictionary<string, long> EventCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>code → (name, count) from the <c>exit_count</c> lines.</summary>
    public Dictionary<long, (string Name, long Count)> ExitCounts { get; } = [];

    public List<TruthExit> Exits { get; } = [];

    public long Events => long.Parse(Values["events"], CultureInfo.InvariantCulture);

    public long Bytes => long.Parse(Values["bytes"], CultureInfo.InvariantCulture);

    public int HeaderLines => int.Parse(Values["header_lines"], CultureInfo.InvariantCulture);

    public string TimestampUnit => Values["timestamp_unit"];

    public static TruthFile Read(string path)
    {
        var truth = new TruthFile();
        string[]? header = null;
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                string[] p = line[1..].TrimStart(' ').Split('\t');
                switch (p[0])
                {
                    case "thread":
                        truth.Threads.Add(new TruthThread(Int(p[1]), Int(p[2]), Int(p[3]), Int(p[4]), p[5]));
                        break;
                    case "event_count":
                        truth.EventCounts[p[1]] = Long(p[2]);
                        break;
                    case "exit_count":
                        truth.ExitCounts[Long(p[1])] = (p[2], Long(p[3]));
                        break;
                    default:
                        if (p.Length >= 2)
                        {
                            truth.Values[p[0]] = p[1];
                        }

                        break;
                }

                continue;
            }

            string[] f = line.Split('\t');
            if (header is null)
            {
                header = f;
                continue;
            }

            string Col(string name) => f[Array.IndexOf(header, name)];
            truth.Exits.Add(new TruthExit(Int(Col("line")), Int(Col("vm")), Int(Col("vcpu")), Int(Col("tid")), Int(Col("cpu")),
                Long(Col("timestamp")), Long(Col("reason")), Int(Col("isa")), Long(Col("handling")), Int(Col("uexit")), Int(Col("uerrno"))));
        }

        return truth;
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static long Long(string s) => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
