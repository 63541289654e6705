using System.Runtime.CompilerServices;
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
internal sealed partial class VcpuExitTracker
{
    /// <summary>Exit codes below this (every VMX basic reason without flag bits, every SVM code but -1) find their
    /// reason id in an array; the rest in a dictionary.</summary>
    private const int SmallReasonCodes = 2048;

    /// <summary>Values of <see cref="Isa"/>: Unknown, Vmx, Svm.</summary>
    private const int IsaCount = 3;

    private readonly Dictionary<long, VcpuThread> _threads = [];
    private readonly List<VcpuThread> _retired = [];
    private readonly VmAssigner _vms = new();
    private Isa[] _vmIsa = new Isa[16];
    private readonly ExitTableBuilder _exits;
    private readonly IssueCollector _issues;
    private readonly StringPool _reasons;
    private readonly Dictionary<long, int> _reasonIds = [];

    /// <summary>Reasons-pool id + 1 (0 = not yet interned) of codes below <see cref="SmallReasonCodes"/>, by ISA and code.</summary>
    private readonly int[] _smallReasonIds = new int[IsaCount * SmallReasonCodes];
    private long _nextRun;
    private long _lastThreadKey = long.MinValue;

    // The input file of the batch being paired (set by OnBatch): exit rows and issues carry it.
    private long _file;
    private string _fileName = "";

    public VcpuExitTracker(ExitTableBuilder exits, IssueCollector issues, StringPool reasons)
    {
        _exits = exits;
        _issues = issues;
        _reasons = reasons;
        UnknownReasons = new UnknownReasonMap(reasons);
    }

    /// <summary>The current chunk's reason names no table knows; the merge step resets it for every chunk.</summary>
    public UnknownReasonMap UnknownReasons { get; }

    public long Exits { get; private set; }

    public long Entries { get; private set; }

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
        Array.Clear(_threadCache);
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

    /// <summary>The kvm_exit in row <paramref name="i"/> of the batch (store row <paramref name="row"/>).</summary>
    private void OnExit(VcpuThread t, Isa isa, in BatchRows b, int i, long row)
    {
        Exits++;
        long timestamp = b.Timestamp[i];
        long line = b.Line[i];
        if (t.Open is { } previous)
        {
            CloseFollowedByExit(t, previous, line);
        }

        long code = b.A0[i];
        if (code >= Events.ExitReasonParser.UnknownNameBase)
        {
            code = UnknownReasons.ToStore(code);
            b.A0[i] = code;
            isa = Isa.Unknown;
        }

        if (t.Vm >= 0)
        {
            isa = VmIsa(t.Vm, isa, code);
        }

        // One OpenExit per thread is recycled: a trace has millions of exits and a handful of threads.
        OpenExit next = t.Spare ?? new OpenExit();
        t.Spare = null;
        t.Open = next;
        next.Timestamp = timestamp;
        next.Cpu = (int)b.Cpu[i];
        next.Isa = (int)isa;
        next.ReasonCode = code;
        next.ReasonId = code >= Events.ExitReasonParser.UnknownNameBase
            ? (int)(code - Events.ExitReasonParser.UnknownNameBase) : ReasonId(code, isa);
        long a4 = b.A4[i];
        next.Rip = b.A1[i];
        next.Info1 = b.A2[i];
        next.Info2 = b.A3[i];
        next.IntrInfo = a4 & 0xFFFF_FFFF;
        next.ErrorCode = (a4 >> 32) & 0xFFFF_FFFF;
        next.Requests = b.A5[i];
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
        next.File = _file;
        next.Line = line;
        t.Last = LastKvmEvent.Exit;
        t.Exits++;
    }

    /// <summary>A second kvm_exit on the thread before any kvm_entry: the first one closes without a latency.</summary>
    private void CloseFollowedByExit(VcpuThread t, OpenExit previous, long line)
    {
        // A trace filtered to kvm_exit alone has no entries at all: that is not an anomaly worth a warning.
        previous.Flags |= ExitFlags.FollowedByExit;
        if (t.SawEntry)
        {
            _issues.Add(IngestIssueKind.ExitWithoutEntry, _fileName, line, 1,
                $"kvm_exit on thread {t.Tid} follows the kvm_exit of line {previous.Line} with no kvm_entry between them");
        }

        Close(t, entryRow: -1, handlingNs: -1);
    }

    /// <summary>
    /// The first ISA a VM shows is its ISA; a hex-only reason (isa unknown in text) inherits it. Returns the ISA of
    /// this exit of <paramref name="vm"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Isa VmIsa(int vm, Isa isa, long code)
    {
        // The usual case: the exit names its ISA, and the VM's is known already. Nothing to learn or inherit.
        Isa[] known = _vmIsa;
        return (uint)vm < (uint)known.Length && isa != Isa.Unknown && known[vm] != Isa.Unknown ? isa : LearnVmIsa(vm, isa, code);
    }

    private Isa LearnVmIsa(int vm, Isa isa, long code)
    {
        if (vm >= _vmIsa.Length)
        {
            Array.Resize(ref _vmIsa, Math.Max(vm + 1, _vmIsa.Length * 2));
        }

        if (isa != Isa.Unknown)
        {
            if (_vmIsa[vm] == Isa.Unknown)
            {
                _vmIsa[vm] = isa;
            }
        }
        else if (code < Events.ExitReasonParser.UnknownNameBase)
        {
            isa = _vmIsa[vm];
        }

        return isa;
    }

    private void OnEntry(VcpuThread t, long row, long timestamp, int cpu, bool immediateExit, long line)
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
                    ReportEntryBeforeExit(t, open, timestamp, cpu, line);
                }
            }

            open.Flags |= ExitFlags.Paired;
            Close(t, row, handling);
        }
        else if (t.Last == LastKvmEvent.Entry)
        {
            ReportEntryWithoutExit(t, line);
        }

        t.LastEntryTimestamp = timestamp;
        t.Last = LastKvmEvent.Entry;
        t.SawEntry = true;
    }

    // Issue texts are built in methods of their own, so the formatting code stays out of the hot paths.
    private void ReportEntryBeforeExit(VcpuThread t, OpenExit open, long timestamp, int cpu, long line) =>
        _issues.Add(IngestIssueKind.EntryBeforeExit, _fileName, line, 1,
            $"kvm_entry on thread {t.Tid} (CPU {cpu}) is stamped {open.Timestamp - timestamp} time units before its kvm_exit of line {open.Line} (CPU {open.Cpu})");

    private void ReportEntryWithoutExit(VcpuThread t, long line) =>
        _issues.Add(IngestIssueKind.EntryWithoutExit, _fileName, line, 1,
            $"second kvm_entry in a row on thread {t.Tid}: the kvm_exit between them is missing");

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

    /// <summary>The reasons-pool id of a known reason (unknown names are interned by <see cref="UnknownReasonMap"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ReasonId(long code, Isa isa)
    {
        // Ids are interned at a reason's first exit either way; the table only saves a dictionary lookup per exit.
        if ((ulong)code < SmallReasonCodes && (uint)isa < IsaCount)
        {
            int idPlusOne = _smallReasonIds[((int)isa * SmallReasonCodes) + (int)code];
            if (idPlusOne != 0)
            {
                return idPlusOne - 1;
            }
        }

        return InternReasonId(code, isa);
    }

    private int InternReasonId(long code, Isa isa)
    {
        if ((ulong)code < SmallReasonCodes && (uint)isa < IsaCount)
        {
            int id = InternReason(code, isa);
            _smallReasonIds[((int)isa * SmallReasonCodes) + (int)code] = id + 1;
            return id;
        }

        long key = code | ((long)isa << 40);
        if (!_reasonIds.TryGetValue(key, out int large))
        {
            large = InternReason(code, isa);
            _reasonIds.Add(key, large);
        }

        return large;
    }

    private int InternReason(long code, Isa isa) => _reasons.Intern(ExitReasonNames.Name(code, isa));
}
