using System.Runtime.InteropServices;
using TraceLab.Store.Kvm;
using TraceLab.Synth.Model;

namespace TraceLab.Synth.Truth;

/// <summary>
/// Builds <see cref="SynthTruth"/> from the lines as they are written: an exit is recorded with its line number, and
/// completed when the same thread's next kvm_entry (handling time) or first kvm_userspace_exit is written.
/// </summary>
internal sealed class TruthRecorder
{
    private readonly SynthTask[] _tasks;
    private readonly long[] _eventCounts = new long[EventNames.Count];
    private readonly Dictionary<uint, long> _exitCounts = [];
    private readonly List<ExitTruth>? _exits;
    private readonly int[] _pending;

    public TruthRecorder(SynthTask[] tasks, bool collectExits)
    {
        _tasks = tasks;
        _exits = collectExits ? [] : null;
        _pending = new int[tasks.Length];
        Array.Fill(_pending, -1);
    }

    public void Record(in SynthEvent e, long line, long timestamp)
    {
        _eventCounts[(int)e.Kind]++;
        switch (e.Kind)
        {
            case SynthEventKind.Exit:
                CollectionsMarshal.GetValueRefOrAddDefault(_exitCounts, e.Q0, out _)++;
                if (_exits is not null)
                {
                    SynthTask task = _tasks[e.Task];
                    _pending[e.Task] = _exits.Count;
                    _exits.Add(new ExitTruth(line, task.Vm, task.Vcpu, task.Pid, e.Cpu, timestamp, e.Q0, Isa.Vmx, -1, -1, 0));
                }

                break;
            case SynthEventKind.Entry when _exits is not null && _pending[e.Task] >= 0:
            {
                ref ExitTruth exit = ref CollectionsMarshal.AsSpan(_exits)[_pending[e.Task]];
                exit = exit with { HandlingTime = timestamp - exit.Timestamp };
                _pending[e.Task] = -1;
                break;
            }

            case SynthEventKind.UserspaceExit when _exits is not null && _pending[e.Task] >= 0:
            {
                ref ExitTruth exit = ref CollectionsMarshal.AsSpan(_exits)[_pending[e.Task]];
                if (exit.UserspaceExitReason < 0)
                {
                    exit = exit with { UserspaceExitReason = (int)e.Q0, UserspaceErrno = (int)e.Q1 };
                }

                break;
            }
        }
    }

    public SynthTruth Build(SynthOptions options, int hostCpus, long headerLines, long events, long bytes)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < _eventCounts.Length; i++)
        {
            if (_eventCounts[i] != 0)
            {
                counts[EventNames.Of((SynthEventKind)i)] = _eventCounts[i];
            }
        }

        var threads = _tasks.Select(t => new SynthThread(t.Pid, t.Tgid, t.Comm, t.Vm, t.Vcpu)).ToList();
        TimestampUnit unit = options.Timestamps == TimestampStyle.RawCounter ? TimestampUnit.Ticks : TimestampUnit.Nanoseconds;
        return new SynthTruth(options, unit, _exits, counts, new Dictionary<uint, long>(_exitCounts), threads, hostCpus, headerLines, events, bytes);
    }
}
