using System.Runtime.InteropServices;
using TraceLab.Ingest.Issues;
using TraceLab.Store.Kvm;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Pairing;

/// <summary>
/// The pairing state machine (spec §1.4, §12). Events without a vCPU id belong to the vCPU thread that emitted them;
/// an exit is paired with the next kvm_entry on the same thread (handling latency = entry − exit) and its guest run
/// time is exit − previous entry. A kvm_userspace_exit ends the thread's KVM_RUN; its next event starts a new one.
/// Everything between an exit and the next entry of its thread is the exit's companions. Illegal or unknowable
/// orders are counted, never guessed: two exits in a row, two entries in a row, an entry stamped before its exit,
/// and lost events (which close every open exit without a latency).
/// </summary>
internal sealed class VcpuExitTracker
{
    private readonly Dictionary<long, VcpuThread> _threads = [];
    private readonly List<VcpuThread> _retired = [];
    private readonly VmAssigner _vms = new();
    private readonly List<Isa> _vmIsa = [];
    private readonly ExitTableBuilder _exits;
    private readonly IssueCollector _issues;
    private readonly StringPool _reasons;
    private readonly Dictionary<long, int> _reasonIds = [];
    private long _lastReasonKey = -1;
    private int _lastReasonId;
    private long _nextRun;
    private long _lastThreadKey = long.MinValue;
    private VcpuThread? _lastThread;

    public VcpuExitTracker(ExitTableBuilder exits, IssueCollector issues, StringPool reasons)
    {
        _exits = exits;
        _issues = issues;
        _reasons = reasons;
    }

    public long Exits { get; private set; }

    public long Entries { get; private set; }

    /// <summary>The thread an event belongs to, created on first sight.</summary>
    public VcpuThread ThreadFor(int tid, int payloadVcpu)
    {
        long key;
        if (tid >= 0)
        {
            key = tid;
        }
        else if (payloadVcpu >= 0)
        {
            // Formats without a pid column (author-stripped excerpts): one pseudo-thread per vCPU id.
            key = -2L - payloadVcpu;
        }
        else
        {
            key = _lastThreadKey == long.MinValue ? -1 : _lastThreadKey;
        }

        if (_lastThread is { } last && last.Key == key)
        {
            return last;
        }

        _lastThreadKey = key;
        if (!_threads.TryGetValue(key, out VcpuThread? t))
        {
            t = new VcpuThread(key, tid);
            _threads.Add(key, t);
        }

        _lastThread = t;
        return t;
    }

    /// <summary>Learns the thread's vCPU (and so its VM) from an event that prints one.</summary>
    public void Attribute(VcpuThread t, int payloadVcpu, int tgid)
    {
        if (tgid >= 0)
        {
            t.Tgid = tgid;
        }

        if (payloadVcpu >= 0 && payloadVcpu != t.Vcpu)
        {
            t.Vcpu = payloadVcpu;
            t.Vm = _vms.Assign(t.Tgid, payloadVcpu, t.Tid);
        }
    }

    /// <summary>
    /// Processes one event of thread <paramref name="t"/>. <paramref name="a"/> holds A0..A5; <paramref name="isa"/>
    /// is what an exit's reason spelling told.
    /// </summary>
    public void OnEvent(VcpuThread t, EventKind kind, Isa isa, long row, long timestamp, int cpu, ReadOnlySpan<long> a,
        long file, long line, string fileName)
    {
        if (t.RunEnded && kind != EventKind.UserspaceExit)
        {
            t.Run = _nextRun++;
            t.RunEnded = false;
        }

        switch (kind)
        {
            case EventKind.Exit:
                OnExit(t, isa, row, timestamp, cpu, a, file, line, fileName);
                break;
            case EventKind.Entry:
                OnEntry(t, row, timestamp, cpu, immediateExit: a[3] != 0, line, fileName);
                break;
            case EventKind.UserspaceExit:
                if (t.Open is { } open)
                {
                    // The first userspace exit after the kvm_exit is its outcome (spec §12); later ones before the
                    // next entry (a MapGPA chain's further chunks) are continuations and stay companions.
                    if ((open.Flags & ExitFlags.WentToUserspace) == 0)
                    {
                        open.UserspaceReason = a[0] >= 0 ? a[0] : -2;
                        open.UserspaceErrno = a[1];
                        open.Flags |= ExitFlags.WentToUserspace;
                    }

                    AddCompanion(open, row);
                }

                t.RunEnded = true;
                break;
            default:
                if (t.Open is { } o)
                {
                    AddCompanion(o, row);
                }

                break;
        }
    }

    /// <summary>
    /// Events were lost on a CPU, or the input was interrupted by non-trace lines: no open exit can be trusted to
    /// pair correctly any more (any thread may have run on the CPU that lost events), so all are closed unpaired.
    /// </summary>
    public void OnInterruption(ExitFlags why)
    {
        foreach (VcpuThread t in _threads.Values)
        {
            if (t.Open is { } open)
            {
                open.Flags |= why;
                Close(t, entryRow: -1, handlingNs: -1);
            }

            t.LastEntryTimestamp = -1;
            t.Last = LastKvmEvent.None;
        }
    }

    /// <summary>
    /// The end of one input file. Each input is its own recording: thread ids of another file are other threads
    /// (two recordings of one host reuse them), so open exits end here without a latency and the next file starts
    /// with no threads and new VMs.
    /// </summary>
    public void EndRecording()
    {
        foreach (VcpuThread t in _threads.Values)
        {
            if (t.Open is { } open)
            {
                open.Flags |= ExitFlags.TraceEnded;
                Close(t, entryRow: -1, handlingNs: -1);
            }

            _retired.Add(t);
        }

        _threads.Clear();
        _lastThread = null;
        _lastThreadKey = long.MinValue;
        _vms.StartRecording();
    }

    /// <summary>End of all input: exits still open are written without a latency.</summary>
    public void Finish(List<VcpuInfo> vcpus, IReadOnlyList<string> tasks)
    {
        EndRecording();
        foreach (VcpuThread t in _retired)
        {
            if (t.Vcpu >= 0 || t.Exits > 0)
            {
                vcpus.Add(new VcpuInfo
                {
                    Vm = t.Vm,
                    Vcpu = t.Vcpu,
                    Tid = t.Tid,
                    Tgid = t.Tgid,
                    Task = t.TaskId < tasks.Count ? tasks[t.TaskId] : "",
                    Exits = t.Exits,
                });
            }
        }

        vcpus.Sort((x, y) => x.Vm != y.Vm ? x.Vm.CompareTo(y.Vm) : x.Vcpu != y.Vcpu ? x.Vcpu.CompareTo(y.Vcpu) : x.Tid.CompareTo(y.Tid));
        _exits.Flush();
    }

    private void OnExit(VcpuThread t, Isa isa, long row, long timestamp, int cpu, ReadOnlySpan<long> a, long file, long line, string fileName)
    {
        Exits++;
        if (t.Open is { } previous)
        {
            // A trace filtered to kvm_exit alone has no entries at all: that is not an anomaly worth a warning.
            previous.Flags |= ExitFlags.FollowedByExit;
            if (t.SawEntry)
            {
                _issues.Add(IngestIssueKind.ExitWithoutEntry, fileName, line, 1,
                    $"kvm_exit on thread {t.Tid} follows the kvm_exit of line {previous.Line} with no kvm_entry between them");
            }

            Close(t, entryRow: -1, handlingNs: -1);
        }

        long code = a[0];
        if (code >= Events.ExitReasonParser.UnknownNameBase)
        {
            isa = Isa.Unknown;
        }

        if (t.Vm >= 0)
        {
            // The first ISA a VM shows is its ISA; a hex-only reason (isa unknown in text) inherits it.
            if (t.Vm >= _vmIsa.Count)
            {
                CollectionsMarshal.SetCount(_vmIsa, t.Vm + 1);
            }

            if (isa != Isa.Unknown)
            {
                if (_vmIsa[t.Vm] == Isa.Unknown)
                {
                    _vmIsa[t.Vm] = isa;
                }
            }
            else if (code < Events.ExitReasonParser.UnknownNameBase)
            {
                isa = _vmIsa[t.Vm];
            }
        }

        // One OpenExit per thread is recycled: a trace has millions of exits and a handful of threads.
        OpenExit next = t.Spare ?? new OpenExit();
        t.Spare = null;
        t.Open = next;
        next.Timestamp = timestamp;
        next.Cpu = cpu;
        next.Isa = (int)isa;
        next.ReasonCode = code;
        next.ReasonId = code >= Events.ExitReasonParser.UnknownNameBase
            ? (int)(code - Events.ExitReasonParser.UnknownNameBase) : ReasonId(code, isa);
        next.Rip = a[1];
        next.Info1 = a[2];
        next.Info2 = a[3];
        next.IntrInfo = a[4] & 0xFFFF_FFFF;
        next.ErrorCode = (a[4] >> 32) & 0xFFFF_FFFF;
        next.Requests = a[5];
        next.EventRow = row;
        next.GuestRunNs = t.LastEntryTimestamp >= 0 && timestamp >= t.LastEntryTimestamp && t.Last == LastKvmEvent.Entry
            ? timestamp - t.LastEntryTimestamp : -1;
        next.Run = t.Run;
        next.UserspaceReason = -1;
        next.UserspaceErrno = 0;
        next.CompanionFirst = -1;
        next.CompanionLast = -1;
        next.CompanionCount = 0;
        next.Flags = ExitFlags.None;
        next.File = file;
        next.Line = line;
        t.Last = LastKvmEvent.Exit;
        t.Exits++;
    }

    private void OnEntry(VcpuThread t, long row, long timestamp, int cpu, bool immediateExit, long line, string fileName)
    {
        Entries++;
        if (t.Open is { } open)
        {
            if (immediateExit)
            {
                open.Flags |= ExitFlags.ImmediateExitEntry;
            }

            if (cpu != open.Cpu)
            {
                open.Flags |= ExitFlags.CpuMigrated;
            }

            long handling = -1;
            if (timestamp >= 0 && open.Timestamp >= 0)
            {
                if (timestamp >= open.Timestamp)
                {
                    handling = timestamp - open.Timestamp;
                }
                else
                {
                    open.Flags |= ExitFlags.EntryBeforeExit;
                    _issues.Add(IngestIssueKind.EntryBeforeExit, fileName, line, 1,
                        $"kvm_entry on thread {t.Tid} (CPU {cpu}) is stamped {open.Timestamp - timestamp} time units before its kvm_exit of line {open.Line} (CPU {open.Cpu})");
                }
            }

            open.Flags |= ExitFlags.Paired;
            Close(t, row, handling);
        }
        else if (t.Last == LastKvmEvent.Entry)
        {
            _issues.Add(IngestIssueKind.EntryWithoutExit, fileName, line, 1,
                $"second kvm_entry in a row on thread {t.Tid}: the kvm_exit between them is missing");
        }

        t.LastEntryTimestamp = timestamp;
        t.Last = LastKvmEvent.Entry;
        t.SawEntry = true;
    }

    private static void AddCompanion(OpenExit open, long row)
    {
        if (open.CompanionFirst < 0)
        {
            open.CompanionFirst = row;
        }

        open.CompanionLast = row;
        open.CompanionCount++;
    }

    private void Close(VcpuThread t, long entryRow, long handlingNs)
    {
        OpenExit open = t.Open!;
        _exits.Add(open, t.Vm, t.Vcpu, t.Tid, entryRow, handlingNs);
        t.Open = null;
        t.Spare = open;
    }

    /// <summary>The reasons-pool id of a known reason (unknown names are interned by the merge step directly).</summary>
    private int ReasonId(long code, Isa isa)
    {
        long key = code | ((long)isa << 40);
        if (key == _lastReasonKey)
        {
            return _lastReasonId;
        }

        _lastReasonKey = key;
        if (!_reasonIds.TryGetValue(key, out int id))
        {
            id = _reasons.Intern(ExitReasonNames.Name(code, isa));
            _reasonIds.Add(key, id);
        }

        _lastReasonId = id;
        return id;
    }
}
