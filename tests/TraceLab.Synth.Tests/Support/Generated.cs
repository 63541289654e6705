using System.Text;
using TraceLab.Synth.Truth;

namespace TraceLab.Synth.Tests.Support;

/// <summary>A generated trace held in memory with its truth and parsed lines.</summary>
public sealed class Generated
{
    private readonly Lazy<List<ParsedLine>> _lines;
    private readonly Lazy<Dictionary<int, List<ParsedLine>>> _threads;

    private Generated(SynthOptions options, byte[] bytes, SynthTruth truth)
    {
        Options = options;
        Bytes = bytes;
        Text = Encoding.ASCII.GetString(bytes);
        Truth = truth;
        _lines = new Lazy<List<ParsedLine>>(() => TraceText.Parse(Text, Options));
        _threads = new Lazy<Dictionary<int, List<ParsedLine>>>(() => Lines.GroupBy(l => l.Pid).ToDictionary(t => t.Key, t => t.ToList()));
    }

    public SynthOptions Options { get; }

    public byte[] Bytes { get; }

    public string Text { get; }

    public SynthTruth Truth { get; }

    public List<ParsedLine> Lines => _lines.Value;

    public static Generated Run(SynthOptions options, bool collectTruth = true)
    {
        using var stream = new MemoryStream();
        SynthTruth truth = TraceSynthesizer.Write(options, stream, collectTruth);
        return new Generated(options, stream.ToArray(), truth);
    }

    /// <summary>Events of one thread in output order.</summary>
    public List<ParsedLine> Thread(int tid) => _threads.Value.TryGetValue(tid, out List<ParsedLine>? thread) ? thread : [];

    public IEnumerable<int> VcpuThreads => Truth.Threads.Where(t => t.Vcpu >= 0).Select(t => t.Tid);
}
