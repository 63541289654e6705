using TraceLab.Synth.Model;
using TraceLab.Synth.Sim;
using TraceLab.Synth.Truth;

namespace TraceLab.Synth.Text;

/// <summary>Turns each event into one line (prefix + payload + newline) and tells the truth recorder what it wrote.</summary>
internal sealed class TraceEmitter : IEventSink
{
    // Longest line: ~60 bytes of prefix + ~180 of kvm_exit payload; generous so EnsureRoom runs once per line.
    private const int MaxLineBytes = 512;

    private readonly Utf8Sink _sink;
    private readonly LineLayout _layout;
    private readonly PayloadWriter _payload;
    private readonly SynthTask[] _tasks;
    private readonly Clock _clock;
    private readonly TruthRecorder? _truth;
    private readonly long _byteLimit;
    private long _line;

    public TraceEmitter(Utf8Sink sink, LineLayout layout, PayloadWriter payload, SynthTask[] tasks, Clock clock, TruthRecorder? truth, long firstLine, long byteLimit)
    {
        _sink = sink;
        _layout = layout;
        _payload = payload;
        _tasks = tasks;
        _clock = clock;
        _truth = truth;
        _line = firstLine - 1;
        _byteLimit = byteLimit;
    }

    public bool Emit(in SynthEvent e)
    {
        _sink.EnsureRoom(MaxLineBytes);
        long timestamp = _clock.Display(e.TimeNs);
        _layout.WritePrefix(_sink, _tasks[e.Task], e.Cpu, e.Flags, timestamp, e.Kind);
        _payload.Write(_sink, in e);
        _sink.NewLine();
        _line++;
        _truth?.Record(in e, _line, timestamp);
        return _sink.Position < _byteLimit;
    }
}
