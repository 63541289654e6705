using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;

namespace TraceLab.Analysis.Tests.Support;

/// <summary>
/// Builds a MemoryStore whose event and exit tables agree the way ingest makes them: each exit episode appends its
/// kvm_exit event, its companion events and (when paired) its kvm_entry, and an exit row pointing at them.
/// Row groups are cut every <c>rowGroupSize</c> rows so tests can vary the layout without changing the data.
/// </summary>
internal sealed class TraceBuilder
{
    private readonly List<long[]> _events = [];
    private readonly List<long[]> _exits = [];
    private readonly List<string> _reasons = [];
    private readonly Dictionary<string, int> _reasonIds = new(StringComparer.Ordinal);

    public const int ForeignTid = 999;

    public StoreMetadata Metadata { get; } = new();

    public long Timestamp { get; set; } = 1_000_000;

    public long EventCount => _events.Count;

    /// <summary>Appends an event row; returns its row index.</summary>
    public long Event(EventKind kind, int tid, int vcpu = 0, int vm = 0, long a0 = 0, long a1 = 0, long a2 = 0, long a3 = 0, long? timestamp = null)
    {
        long[] row = new long[EventColumns.Count];
        row[EventColumns.Timestamp] = timestamp ?? Timestamp++;
        row[EventColumns.Cpu] = 0;
        row[EventColumns.Tid] = tid;
        row[EventColumns.Kind] = (long)kind;
        row[EventColumns.Vcpu] = vcpu;
        row[EventColumns.Vm] = vm;
        row[EventColumns.Line] = _events.Count + 1;
        row[EventColumns.A0] = a0;
        row[EventColumns.A1] = a1;
        row[EventColumns.A2] = a2;
        row[EventColumns.A3] = a3;
        _events.Add(row);
        return _events.Count - 1;
    }

    /// <summary>
    /// One exit episode: kvm_exit, the companions (as (kind, a0, a1, a2) of the same thread), a kvm_userspace_exit when
    /// <paramref name="userspace"/> is set (KVM_EXIT code, or a negative errno), and a kvm_entry <paramref name="handling"/>
    /// later (none when it is negative: the exit stays unpaired).
    /// </summary>
    public void Exit(uint code, string name, long handling, int tid = 100, int vcpu = 0, int vm = 0, Isa isa = Isa.Vmx,
        long? userspace = null, params (EventKind Kind, long A0, long A1, long A2)[] companions) =>
        Exit(code, name, handling, tid, vcpu, vm, isa, userspace, interleaveForeign: false, companions);

    /// <summary>
    /// As above; with <paramref name="interleaveForeign"/>, another thread (tid 999) records an MMIO write to
    /// 0xdead0000, a port write to 0xdead and an MSR write to 0xdead between the companions, as happens when vCPU
    /// threads run on other CPUs at the same time.
    /// </summary>
    public void Exit(uint code, string name, long handling, int tid, int vcpu, int vm, Isa isa,
        long? userspace, bool interleaveForeign, params (EventKind Kind, long A0, long A1, long A2)[] companions)
    {
        long start = Timestamp;
        long exitRow = Event(EventKind.Exit, tid, vcpu, vm, a0: code | ((long)isa << 32), timestamp: start);
        long firstCompanion = -1, lastCompanion = -1, count = 0;
        foreach ((EventKind kind, long a0, long a1, long a2) in companions)
        {
            lastCompanion = Event(kind, tid, vcpu, vm, a0, a1, a2);
            firstCompanion = firstCompanion < 0 ? lastCompanion : firstCompanion;
            count++;
            if (interleaveForeign)
            {
                Event(EventKind.Mmio, ForeignTid, 9, vm, a0: 2, a1: 4, a2: 0xdead0000);
                Event(EventKind.Pio, ForeignTid, 9, vm, a0: 1, a1: 0xdead);
                Event(EventKind.Msr, ForeignTid, 9, vm, a0: 1, a1: 0xdead);
            }
        }

        if (userspace is { } us)
        {
            lastCompanion = Event(EventKind.UserspaceExit, tid, vcpu, vm, a0: us >= 0 ? us : -1, a1: us >= 0 ? 0 : -us);
            firstCompanion = firstCompanion < 0 ? lastCompanion : firstCompanion;
            count++;
        }

        long entryRow = -1;
        if (handling >= 0)
        {
            entryRow = Event(EventKind.Entry, tid, vcpu, vm, timestamp: start + handling);
            Timestamp = Math.Max(Timestamp, start + handling + 1);
        }

        long[] row = new long[ExitColumns.Schema.Columns.Length];
        row[ExitColumns.Timestamp] = start;
        row[ExitColumns.Vm] = vm;
        row[ExitColumns.Vcpu] = vcpu;
        row[ExitColumns.Tid] = tid;
        row[ExitColumns.Isa] = (long)isa;
        row[ExitColumns.ReasonCode] = code;
        row[ExitColumns.Reason] = ReasonId(name);
        row[ExitColumns.EventRow] = exitRow;
        row[ExitColumns.EntryEventRow] = entryRow;
        row[ExitColumns.HandlingNs] = handling;
        row[ExitColumns.GuestRunNs] = -1;
        row[ExitColumns.UserspaceReason] = userspace is { } u ? (u >= 0 ? u : -2) : -1;
        row[ExitColumns.UserspaceErrno] = userspace is { } e && e < 0 ? -e : 0;
        row[ExitColumns.CompanionFirst] = firstCompanion;
        row[ExitColumns.CompanionCount] = count;
        row[ExitColumns.Flags] = (long)((handling >= 0 ? ExitFlags.Paired : ExitFlags.TraceEnded) | (userspace is null ? 0 : ExitFlags.WentToUserspace));
        int lastColumn = ExitColumns.Schema.IndexOf("companion_last");
        if (lastColumn >= 0)
        {
            row[lastColumn] = lastCompanion;
        }

        _exits.Add(row);
    }

    /// <summary>A KVM_RUN that returned to userspace without entering the guest.</summary>
    public void UserspaceExitOnly(long code, int tid = 100, int vcpu = 0, int vm = 0) =>
        Event(EventKind.UserspaceExit, tid, vcpu, vm, a0: code >= 0 ? code : -1, a1: code >= 0 ? 0 : -code);

    /// <summary>Reorders the exit rows (ingest writes them in episode-end order, not input order).</summary>
    public void ShuffleExits(int seed)
    {
        var random = new Random(seed);
        for (int i = _exits.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (_exits[i], _exits[j]) = (_exits[j], _exits[i]);
        }
    }

    /// <summary>
    /// The store; <paramref name="withoutCompanionLast"/> writes the exit table without its companion_last column, as
    /// stores made before that column existed.
    /// </summary>
    public MemoryStore Build(int rowGroupSize = 65_536, bool withEvents = true, bool withoutCompanionLast = false)
    {
        var store = new MemoryStore { Metadata = Metadata };
        TableSchema exits = ExitColumns.Schema;
        int lastColumn = exits.IndexOf("companion_last");
        if (withoutCompanionLast && lastColumn >= 0)
        {
            exits = new TableSchema(exits.Name, exits.Doc, exits.Columns.RemoveAt(lastColumn));
        }

        store.AddTable(ToTable(exits, _exits, rowGroupSize));
        if (withEvents)
        {
            store.AddTable(ToTable(EventColumns.Schema, _events, rowGroupSize));
        }

        store.SetStringPool(StringPools.Reasons, _reasons.ToArray());
        Metadata.Events = _events.Count;
        Metadata.Exits = _exits.Count;
        long entries = 0;
        foreach (long[] e in _events)
        {
            entries += e[EventColumns.Kind] == (long)EventKind.Entry ? 1 : 0;
        }

        Metadata.Entries = entries;
        return store;
    }

    public int ReasonId(string name)
    {
        if (!_reasonIds.TryGetValue(name, out int id))
        {
            id = _reasons.Count;
            _reasons.Add(name);
            _reasonIds.Add(name, id);
        }

        return id;
    }

    private static MemoryTable ToTable(TableSchema schema, List<long[]> rows, int rowGroupSize)
    {
        var table = new MemoryTable(schema);
        for (int start = 0; start < rows.Count; start += rowGroupSize)
        {
            int count = Math.Min(rowGroupSize, rows.Count - start);
            var batch = new ColumnBatch(schema, count);
            for (int r = 0; r < count; r++)
            {
                int row = batch.AddRow();
                for (int c = 0; c < schema.Columns.Length; c++)
                {
                    batch.Column(c)[row] = rows[start + r][c];
                }
            }

            table.Add(batch);
        }

        return table;
    }
}
