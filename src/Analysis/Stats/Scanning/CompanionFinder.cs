using System.Buffers;
using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// Finds the access (MMIO, port I/O or MSR) an exit did, from its companion events: the rows of its thread between
/// companion_first and companion_last (or the first companion_count rows of the thread, in stores without
/// companion_last) in the event table. The exit is keyed by its first companion of the mode's kind.
/// An exit row group's companions lie in the one or two event row groups around it, so the finder keeps the last two
/// decoded event row groups and decodes only the columns the mode needs.
/// </summary>
internal sealed class CompanionFinder : IDisposable
{
    private readonly StatsEvent _mode;
    private readonly int _length;
    private readonly CachedGroup[] _cache = [new(), new()];
    private int _victim;

    public CompanionFinder(ScanPlan plan)
    {
        _mode = plan.Options.Event;
        _length = Math.Max(1, plan.MaxRows);
    }

    /// <summary>
    /// The key (address·2 + 1 for a write) of the exit's first access of the mode's kind; false when it made none.
    /// </summary>
    public bool TryFindAccess(StoreContext store, long first, long last, long count, long tid, out long key)
    {
        key = 0;
        ITableSource events = store.Events!;
        long end = last >= 0 ? last : long.MaxValue;
        end = Math.Min(end, events.RowCount - 1);
        long remaining = count;
        long row = first;
        while (row <= end && remaining > 0)
        {
            CachedGroup group = Load(store, row);
            int stop = (int)Math.Min(group.Rows, end - group.FirstRow + 1);
            for (int j = (int)(row - group.FirstRow); j < stop; j++)
            {
                long eventTid = group.Tid[j];
                if (tid >= 0 && eventTid >= 0 && eventTid != tid)
                {
                    continue;
                }

                if (Match(group, j, out key))
                {
                    return true;
                }

                if (--remaining == 0)
                {
                    break;
                }
            }

            row = group.FirstRow + group.Rows;
        }

        return false;
    }

    public void Dispose()
    {
        foreach (CachedGroup group in _cache)
        {
            group.Release();
        }
    }

    private bool Match(CachedGroup group, int j, out long key)
    {
        var kind = (EventKind)group.Kind[j];
        switch (_mode)
        {
            case StatsEvent.Mmio when kind == EventKind.Mmio:
                key = (group.A2[j] << 1) | (group.A0[j] == 2 ? 1L : 0L);
                return true;
            case StatsEvent.Mmio when kind == EventKind.FastMmio:
                // kvm_fast_mmio is an ioeventfd write that KVM completed without decoding the instruction.
                key = (group.A0[j] << 1) | 1L;
                return true;
            case StatsEvent.IoPort when kind == EventKind.Pio:
            case StatsEvent.Msr when kind == EventKind.Msr:
                key = (group.A1[j] << 1) | (group.A0[j] != 0 ? 1L : 0L);
                return true;
            default:
                key = 0;
                return false;
        }
    }

    private CachedGroup Load(StoreContext store, long row)
    {
        foreach (CachedGroup cached in _cache)
        {
            if (cached.Store == store.Index && row >= cached.FirstRow && row < cached.FirstRow + cached.Rows)
            {
                return cached;
            }
        }

        int index = Array.BinarySearch(store.EventGroupFirstRows, row);
        int rowGroup = index >= 0 ? index : ~index - 1;
        CachedGroup group = _cache[_victim];
        _victim ^= 1;
        group.Fill(store, rowGroup, _mode, _length);
        return group;
    }

    private sealed class CachedGroup
    {
        public int Store = -1;
        public long FirstRow;
        public int Rows;
        public long[] Kind = [];
        public long[] Tid = [];
        public long[] A0 = [];
        public long[] A1 = [];
        public long[] A2 = [];

        public void Fill(StoreContext store, int rowGroup, StatsEvent mode, int length)
        {
            ITableSource events = store.Events!;
            Store = store.Index;
            FirstRow = events.RowGroupFirstRow(rowGroup);
            Rows = events.RowGroupRowCount(rowGroup);
            Read(events, rowGroup, EventColumns.Kind, ref Kind, length);
            Read(events, rowGroup, EventColumns.Tid, ref Tid, length);
            Read(events, rowGroup, EventColumns.A0, ref A0, length);
            if (mode == StatsEvent.Mmio)
            {
                Read(events, rowGroup, EventColumns.A2, ref A2, length);
            }
            else
            {
                Read(events, rowGroup, EventColumns.A1, ref A1, length);
            }
        }

        public void Release()
        {
            Return(ref Kind);
            Return(ref Tid);
            Return(ref A0);
            Return(ref A1);
            Return(ref A2);
            Store = -1;
        }

        private void Read(ITableSource events, int rowGroup, int column, ref long[] buffer, int length)
        {
            if (buffer.Length < length)
            {
                Return(ref buffer);
                buffer = ArrayPool<long>.Shared.Rent(length);
            }

            events.ReadColumn(rowGroup, column, buffer.AsSpan(0, Rows));
        }

        private static void Return(ref long[] buffer)
        {
            if (buffer.Length > 0)
            {
                ArrayPool<long>.Shared.Return(buffer);
                buffer = [];
            }
        }
    }
}
