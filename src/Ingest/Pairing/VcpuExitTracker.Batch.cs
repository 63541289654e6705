using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Pairing;

/// <summary>
/// The per-row loop of the tracker: one call per batch, and the common work of every event (finding its thread,
/// attributing its vCPU and VM, companions) inline; only exits, entries and rare events call out.
/// </summary>
internal sealed partial class VcpuExitTracker
{
    /// <summary>Slots of <see cref="_threadCache"/>: a power of two, more than the vCPU threads of a typical host.</summary>
    private const int ThreadCacheSize = 256;

    /// <summary>
    /// The threads seen last, by the low 8 bits of their key (direct-mapped): events of a few vCPU threads interleave,
    /// so remembering the last thread alone misses on almost every switch, and the dictionary lookup is the expensive
    /// part of finding one.
    /// Cleared with <see cref="_threads"/>; a slot only ever holds a thread of the dictionary, so a hit is always right.
    /// </summary>
    private readonly VcpuThread?[] _threadCache = new VcpuThread?[ThreadCacheSize];

    /// <summary>
    /// Pairs the events of one batch, in row order, and writes each event's vcpu and vm columns and its plain kind
    /// (an exit's ISA rides in the kind column's second byte until here). The merge step has already made the
    /// batch's lines, task ids and timestamps store-wide. <paramref name="firstRow"/> is the store row of row 0.
    /// </summary>
    public void OnBatch(ColumnBatch b, long firstRow, long file, string fileName)
    {
        _file = file;
        _fileName = fileName;
        var rows = new BatchRows(b);
        int count = b.Count;
        long lastKey = _lastThreadKey;

        // The columns every row needs, as references to row 0 of spans of exactly Count rows (Rows checks that once
        // per column): rows i < Count are inside them, so the loop indexes them without a bounds check per access,
        // and each takes one register instead of a span's two (with more live values the JIT spills them, and every
        // access reloads one from the stack). Kind-specific columns are read by the handlers of those kinds.
        ref long kinds = ref MemoryMarshal.GetReference(b.Rows(EventColumns.Kind));
        ref long tids = ref MemoryMarshal.GetReference(b.Rows(EventColumns.Tid));
        ref long tasks = ref MemoryMarshal.GetReference(b.Rows(EventColumns.Task));
        ref long vcpus = ref MemoryMarshal.GetReference(b.Rows(EventColumns.Vcpu));
        ref long vms = ref MemoryMarshal.GetReference(b.Rows(EventColumns.Vm));
        for (int i = 0; i < count; i++)
        {
            long packed = Unsafe.Add(ref kinds, i);
            var kind = (EventKind)(packed & 0xFF);
            Unsafe.Add(ref kinds, i) = (long)kind;
            if (kind is EventKind.LostEvents or EventKind.Gap)
            {
                OnInterruption(kind == EventKind.LostEvents ? ExitFlags.NearLostEvents : ExitFlags.AcrossGap);
                Unsafe.Add(ref vms, i) = -1;
                continue;
            }

            int tid = (int)Unsafe.Add(ref tids, i);
            int payloadVcpu = (int)Unsafe.Add(ref vcpus, i);
            lastKey = ThreadKey(tid, payloadVcpu, lastKey);
            VcpuThread t = ThreadOf(lastKey, tid);
            t.TaskId = (int)Unsafe.Add(ref tasks, i);
            Attribute(t, payloadVcpu, (int)Unsafe.Add(ref vms, i));
            Unsafe.Add(ref vcpus, i) = payloadVcpu >= 0 ? payloadVcpu : t.Vcpu;
            Unsafe.Add(ref vms, i) = t.Vm;

            long row = firstRow + i;
            switch (kind)
            {
                case EventKind.Other:
                    // An untyped event matters only as a companion of an open exit.
                    if (t.Open is { } open)
                    {
                        StartRunIfEnded(t);
                        AddCompanion(open, row);
                    }

                    break;
                case EventKind.Exit:
                    StartRunIfEnded(t);
                    OnExit(t, (Isa)(packed >> 8), in rows, i, row);
                    break;
                case EventKind.Entry:
                    StartRunIfEnded(t);
                    OnEntry(t, row, rows.Timestamp[i], (int)rows.Cpu[i], immediateExit: rows.A3[i] != 0, rows.Line[i]);
                    break;
                case EventKind.UserspaceExit:
                    OnUserspaceExit(t, rows.A0[i], rows.A1[i], row);
                    break;
                default:
                    StartRunIfEnded(t);
                    if (t.Open is { } o)
                    {
                        AddCompanion(o, row);
                    }

                    break;
            }
        }

        _lastThreadKey = lastKey;
    }

    /// <summary>
    /// The key of the thread an event belongs to: its tid; for formats without a pid column (author-stripped
    /// excerpts) one pseudo-thread per vCPU id; else the thread of the event before (<paramref name="lastKey"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long ThreadKey(int tid, int payloadVcpu, long lastKey) =>
        tid >= 0 ? tid
        : payloadVcpu >= 0 ? -2L - payloadVcpu
        : lastKey == long.MinValue ? -1 : lastKey;

    /// <summary>The thread of <paramref name="key"/>, created on first sight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private VcpuThread ThreadOf(long key, int tid)
    {
        VcpuThread? t = _threadCache[(int)key & (ThreadCacheSize - 1)];
        return t is not null && t.Key == key ? t : FindThread(key, tid);
    }

    private VcpuThread FindThread(long key, int tid)
    {
        if (!_threads.TryGetValue(key, out VcpuThread? t))
        {
            t = new VcpuThread(key, tid);
            _threads.Add(key, t);
        }

        _threadCache[(int)key & (ThreadCacheSize - 1)] = t;
        return t;
    }

    /// <summary>Learns the thread's vCPU (and so its VM) from an event that prints one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Attribute(VcpuThread t, int payloadVcpu, int tgid)
    {
        if (tgid >= 0)
        {
            t.Tgid = tgid;
        }

        if (payloadVcpu >= 0 && payloadVcpu != t.Vcpu)
        {
            AssignVcpu(t, payloadVcpu);
        }
    }

    private void AssignVcpu(VcpuThread t, int vcpu)
    {
        t.Vcpu = vcpu;
        t.Vm = _vms.Assign(t.Tgid, vcpu, t.Tid);
    }

    /// <summary>A kvm_userspace_exit ended the run: the thread's next event (but another userspace exit) starts a new one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StartRunIfEnded(VcpuThread t)
    {
        if (t.RunEnded)
        {
            t.Run = _nextRun++;
            t.RunEnded = false;
        }
    }

    /// <summary>A kvm_userspace_exit: <paramref name="code"/> and <paramref name="errno"/> are its A0 and A1.</summary>
    private static void OnUserspaceExit(VcpuThread t, long code, long errno, long row)
    {
        if (t.Open is { } open)
        {
            // The first userspace exit after the kvm_exit is its outcome (spec §12); later ones before the next
            // entry (a MapGPA chain's further chunks) are continuations and stay companions.
            if ((open.Flags & ExitFlags.WentToUserspace) == 0)
            {
                open.UserspaceReason = code >= 0 ? code : -2;
                open.UserspaceErrno = errno;
                open.Flags |= ExitFlags.WentToUserspace;
            }

            AddCompanion(open, row);
        }

        t.RunEnded = true;
    }
}
