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
    private readonly List<InjectedDivergence> _injected = [];
    private readonly ThreadState[] _threads;
    private readonly bool _injecting;

    public TruthRecorder(SynthTask[] tasks, bool collectExits, bool injecting)
    {
        _tasks = tasks;
        _injecting = injecting;
        _exits = collectExits ? [] : null;
        _pending = new int[tasks.Length];
        Array.Fill(_pending, -1);
        _threads = new ThreadState[tasks.Length];
    }

    /// <summary>
    /// Replay's default <c>BusyStormThreshold</c> (ReplayOptions): this many OPERAND_BUSY retries in a row on one thread
    /// are one tdx.operand-busy-storm report.
    /// </summary>
    public const int BusyStormThreshold = 100;

    public void Record(in SynthEvent e, long line, long timestamp)
    {
        _eventCounts[(int)e.Kind]++;
        if (_injecting)
        {
            TrackInjections(in e, line);
        }

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
        return new SynthTruth(options, unit, _exits, counts, new Dictionary<uint, long>(_exitCounts), threads, BuildInjected(), hostCpus, headerLines, events, bytes);
    }

    private List<InjectedDivergence> BuildInjected()
    {
        for (int task = 0; task < _threads.Length; task++)
        {
            FlushBusyStreak(task);
        }

        // exit.missing-companion is only reported when the capture records the missing event somewhere (docs/rules.md).
        bool msrCaptured = _eventCounts[(int)SynthEventKind.Msr] != 0;
        return [.. _injected
            .Where(d => d.Kind != DivergenceKind.MissingCompanion || msrCaptured)
            .OrderBy(d => d.Line)
            .ThenBy(d => d.Kind)];
    }

    /// <summary>
    /// The injected-divergence truth: marked events (<see cref="InjectRole"/>), and OPERAND_BUSY streaks counted the way
    /// replay counts them (consecutive -1u exits resumed directly, per thread), so a storm's report line is the last
    /// retry whatever retries happened around it.
    /// </summary>
    private void TrackInjections(in SynthEvent e, long line)
    {
        ref ThreadState t = ref _threads[e.Task];
        switch (e.Kind)
        {
            case SynthEventKind.Exit:
                if (t.NextExitKind != DivergenceKind.None)
                {
                    AddInjected(t.NextExitKind, line, e.Task);
                    t.NextExitKind = DivergenceKind.None;
                }

                if (t.InEpisode)
                {
                    FlushBusyStreak(e.Task);   // two exits in a row: replay decides the first without a leaf
                }

                t.InEpisode = true;
                t.BusyExitLine = e.Q0 == VmxExitReasons.TdxInvalid ? line : 0;
                break;
            case SynthEventKind.Entry:
                if (t.InEpisode && t.BusyExitLine != 0)
                {
                    t.BusyCount++;
                    t.BusyLastLine = t.BusyExitLine;
                }
                else if (t.InEpisode)
                {
                    FlushBusyStreak(e.Task);
                }

                t.InEpisode = false;
                t.BusyExitLine = 0;
                break;
            case SynthEventKind.UserspaceExit when e.Q1 != 4:
                t.BusyExitLine = 0;   // not a retry: the -1u reason went to userspace (tdx.enter-failed)
                break;
        }

        switch (e.InjectRole)
        {
            case InjectRole.Both:
                AddInjected((DivergenceKind)e.InjectKind, line, e.Task);
                break;
            case InjectRole.Offending:
                t.OffendingLine = line;
                break;
            case InjectRole.Decides:
                AddInjected((DivergenceKind)e.InjectKind, t.OffendingLine, e.Task);
                break;
            case InjectRole.NextExit:
                t.NextExitKind = (DivergenceKind)e.InjectKind;
                break;
        }
    }

    private void FlushBusyStreak(int task)
    {
        ref ThreadState t = ref _threads[task];
        if (t.BusyCount >= BusyStormThreshold)
        {
            AddInjected(DivergenceKind.OperandBusyStorm, t.BusyLastLine, task);
        }

        t.BusyCount = 0;
    }

    private void AddInjected(DivergenceKind kind, long line, int task)
    {
        SynthTask thread = _tasks[task];
        _injected.Add(new InjectedDivergence(kind, line, thread.Vm, thread.Vcpu, thread.Pid));
    }

    private struct ThreadState
    {
        /// <summary>A kvm_exit was written and its kvm_entry not yet.</summary>
        public bool InEpisode;

        /// <summary>Line of the open episode's kvm_exit when it is the -1u reason and still a retry; else 0.</summary>
        public long BusyExitLine;

        public int BusyCount;

        public long BusyLastLine;

        public long OffendingLine;

        public DivergenceKind NextExitKind;
    }
}
