using System.IO.Pipelines;
using System.Text;
using TraceLab.Ingest.Pipeline;
using TraceLab.Replay.Checking;
using TraceLab.Replay.Output;
using TraceLab.Replay.Tests.Support;
using TraceLab.Store;
using TraceLab.Synth;
using TraceLab.Synth.Truth;

namespace TraceLab.Replay.Tests.Injection;

/// <summary>
/// A synthetic trace with injected divergences, ingested to memory and replayed with the default options, and the
/// comparison the injection tests make: the multiset of (rule, event_line) replay reports must equal the truth's.
/// </summary>
public sealed class InjectedTrace
{
    private InjectedTrace(SynthOptions options, byte[] text, SynthTruth truth, ReplayReport report)
    {
        Options = options;
        Text = text;
        Truth = truth;
        Report = report;
    }

    public SynthOptions Options { get; }

    public byte[] Text { get; }

    public SynthTruth Truth { get; }

    public ReplayReport Report { get; }

    public static async Task<InjectedTrace> RunAsync(SynthOptions options)
    {
        using var stream = new MemoryStream();
        SynthTruth truth = TraceSynthesizer.Write(options, stream, collectTruth: false);
        byte[] bytes = stream.ToArray();
        const string name = "injected.txt";
        var input = new TraceInput(name, bytes.Length, () => PipeReader.Create(new MemoryStream(bytes)));
        (MemoryStore store, _) = await TraceIngester.IngestToMemoryAsync([input], new IngestOptions());
        using (store)
        {
            return new InjectedTrace(options, bytes, truth, new ReplayEngine(new ReplayOptions()).Run([store], [name]));
        }
    }

    /// <summary>Every injected divergence reported at its line, nothing else; on failure the first mismatches with their text.</summary>
    public void AssertReplayFindsExactlyTheInjected()
    {
        Assert.True(Report.DivergenceCount == Report.Divergences.Count, $"replay listed {Report.Divergences.Count} of {Report.DivergenceCount} divergences");
        var expected = Truth.Injected.Select(d => (d.Rule, d.Line)).ToList();
        var reported = Report.Divergences.Select(d => (d.Rule, d.EventLine)).ToList();
        List<(string Rule, long Line)> missing = Subtract(expected, reported);
        List<(string Rule, long Line)> extra = Subtract(reported, expected);
        if (missing.Count == 0 && extra.Count == 0)
        {
            return;
        }

        Assert.Fail(Describe(missing, extra));
    }

    private static List<(string Rule, long Line)> Subtract(List<(string Rule, long Line)> from, List<(string Rule, long Line)> take)
    {
        var counts = new Dictionary<(string, long), int>();
        foreach (var item in take)
        {
            counts[item] = counts.GetValueOrDefault(item) + 1;
        }

        var left = new List<(string Rule, long Line)>();
        foreach (var item in from)
        {
            if (counts.TryGetValue(item, out int n) && n > 0)
            {
                counts[item] = n - 1;
            }
            else
            {
                left.Add(item);
            }
        }

        return left;
    }

    private string Describe(List<(string Rule, long Line)> missing, List<(string Rule, long Line)> extra)
    {
        string[] lines = Encoding.ASCII.GetString(Text).Split('\n');
        var s = new StringBuilder();
        s.Append($"{Options.Mode} {Options.Format} {Options.Generation} seed {Options.Seed}, inject [{string.Join(", ", Options.Inject)}] every {Options.InjectEvery}: ");
        s.Append($"{Truth.Injected.Count} injected, {Report.Divergences.Count} reported; {missing.Count} not reported, {extra.Count} not injected.\n");
        foreach (var (rule, line) in missing.Take(5))
        {
            s.Append($"\nINJECTED BUT NOT REPORTED: {rule} at line {line}\n");
            Context(s, lines, line);
        }

        foreach (var (rule, line) in extra.Take(5))
        {
            Divergence d = Report.Divergences.First(x => x.Rule == rule && x.EventLine == line);
            s.Append($"\nREPORTED BUT NOT INJECTED: {rule} at line {line} (episode line {d.Line}): {d.Message}\n  expected: {d.Expected}\n  observed: {d.Observed}\n");
            Context(s, lines, d.Line, line);
        }

        s.Append("\n--- report ---\n").Append(ReportAssert.Describe(Report));
        return s.ToString();
    }

    /// <summary>The trace lines around <paramref name="from"/>..<paramref name="to"/> (1-based), clipped.</summary>
    private static void Context(StringBuilder s, string[] lines, long from, long to = 0)
    {
        to = Math.Max(from, to);
        for (long n = Math.Max(1, from - 4); n <= Math.Min(lines.Length, Math.Min(to, from + 30) + 4); n++)
        {
            s.Append(n == from || n == to ? "  > " : "    ").Append(n).Append(": ").Append(lines[n - 1]).Append('\n');
        }
    }
}
