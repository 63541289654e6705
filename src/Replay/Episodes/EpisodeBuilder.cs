using TraceLab.Store.Kvm;

namespace TraceLab.Replay.Episodes;

/// <summary>
/// Cuts each vCPU thread's events into episodes (spec §1.4: events without a vcpu id belong to the thread that
/// emitted them; §12: an exit's story ends at the thread's next kvm_entry). Rows arrive in store order; a closed
/// episode is handed to the consumer at once and its object reused, so memory is one episode per thread.
/// Lost-event markers, gaps and the end of a recording close every open episode as undecidable: what happened next
/// on those threads may be missing.
/// </summary>
public sealed class EpisodeBuilder
{
    private readonly Action<Episode> _consumer;
    private readonly Dictionary<long, ThreadEpisodes> _threads = [];
    private int _file = int.MinValue;

    // Consecutive events usually come from the same thread (a vCPU's exit, companions and entry are adjacent).
    private long _lastKey = long.MinValue;
    private ThreadEpisodes? _lastThread;

    public EpisodeBuilder(Action<Episode> consumer) => _consumer = consumer;

    /// <summary>Feeds one event row (vm and vcpu as ingest attributed them).</summary>
    public void Add(in ObservedEvent e, int tid, int vm, int vcpu)
    {
        if (e.File != _file)
        {
            if (_file != int.MinValue)
            {
                CloseAll(EpisodeEnd.RecordingEnd, null);
            }

            _file = e.File;
        }

        switch (e.Kind)
        {
            case EventKind.Other:
                return;
            case EventKind.LostEvents:
                CloseAll(EpisodeEnd.LostEvents, e);
                return;
            case EventKind.Gap:
                CloseAll(EpisodeEnd.Gap, e);
                return;
            default:
                break;
        }

        long key = tid >= 0 ? tid : vcpu >= 0 ? -1 - ((long)(vm + 1) << 20) - vcpu : long.MinValue;
        if (key == long.MinValue)
        {
            return;
        }

        ThreadEpisodes? t = key == _lastKey ? _lastThread : null;
        if (t is null && !_threads.TryGetValue(key, out t))
        {
            t = new ThreadEpisodes();
            _threads.Add(key, t);
        }

        _lastKey = key;
        _lastThread = t;

        Episode ep = t.Episode;
        switch (e.Kind)
        {
            case EventKind.Exit:
                if (t.Open)
                {
                    ep.End = EpisodeEnd.NextExit;
                    ep.Closer = e;
                    Deliver(t);
                }

                ep.Exit = e;
                Start(t, tid, vm, vcpu);
                break;

            case EventKind.Entry:
                if (t.Open)
                {
                    ep.Entry = e;
                    ep.End = EpisodeEnd.Entry;
                    Deliver(t);
                }

                t.LastEntry = e;
                t.InGuest = true;
                break;

            case EventKind.UserspaceExit when !t.Open && t.InGuest:
                // KVM_RUN ended after kvm_entry without a kvm_exit (spec §3.4 rows 2–3, §11 VM-fail).
                ep.OpeningEntry = t.LastEntry;
                ep.Events.Add(e);
                Start(t, tid, vm, vcpu);
                break;

            default:
                if (t.Open)
                {
                    ep.Events.Add(e);
                }

                break;
        }
    }

    /// <summary>Closes every open episode: the recording ended.</summary>
    public void Finish() => CloseAll(EpisodeEnd.RecordingEnd, null);

    private static void Start(ThreadEpisodes t, int tid, int vm, int vcpu)
    {
        t.Open = true;
        t.InGuest = false;
        t.Episode.Tid = tid;
        t.Episode.Vm = vm;
        t.Episode.Vcpu = vcpu;
    }

    private void Deliver(ThreadEpisodes t)
    {
        _consumer(t.Episode);
        t.Episode.Reset();
        t.Open = false;
    }

    private void CloseAll(EpisodeEnd end, ObservedEvent? closer)
    {
        foreach (ThreadEpisodes t in _threads.Values)
        {
            if (t.Open)
            {
                t.Episode.End = end;
                t.Episode.Closer = closer;
                Deliver(t);
            }

            t.InGuest = false;
            t.LastEntry = null;
        }
    }

    private sealed class ThreadEpisodes
    {
        public Episode Episode { get; } = new();

        public bool Open { get; set; }

        /// <summary>The thread's last event was a kvm_entry: the guest runs until the next kvm_exit.</summary>
        public bool InGuest { get; set; }

        public ObservedEvent? LastEntry { get; set; }
    }
}
