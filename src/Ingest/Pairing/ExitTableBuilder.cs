using System.Diagnostics;
using System.Runtime.CompilerServices;
using TraceLab.Store;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Pairing;

/// <summary>Appends closed exits as exit-table rows and hands full row groups to the sink.</summary>
/// <remarks>
/// Rows are first written into a small staging block, column-major (<see cref="StageRows"/> cells per column), and
/// copied into the batch's 27 columns a block at a time. Writing each row straight into the 27 column arrays of the
/// 14 MB batch touched 27 cache lines far apart, a new line of each column every 8 rows, interleaved with the merge's
/// 16 event-column streams: the prefetcher cannot follow that many store streams, so most of those stores waited for
/// memory (in a profile of ingest this method cost almost as much as the whole merge loop, ~270 ns per row). The
/// stage stays in L1, and the copy writes each column as one run of <see cref="StageRows"/> values, which the
/// hardware streams.
/// </remarks>
internal sealed class ExitTableBuilder
{
    public const int RowGroupSize = 65_536;

    /// <summary>Rows staged before they are moved into the batch: 64 rows of 27 longs (13.5 KB) stay in L1.</summary>
    public const int StageRows = 64;

    /// <summary>Columns of the exit table (<see cref="ExitColumns"/>), as a constant so staged rows have a fixed width.</summary>
    private const int Width = ExitColumns.CompanionLast + 1;

    private readonly Action<ColumnBatch> _flush;
    private readonly bool _sinkKeepsBatches;
    private readonly long[] _stage = new long[StageRows * Width];
    private ColumnBatch _batch = new(ExitColumns.Schema, RowGroupSize);
    private int _staged;

    /// <param name="flush">Receives each full (and the last) row group.</param>
    /// <param name="sinkKeepsBatches">The receiver keeps the batch (in-memory store): start a new one; otherwise the
    /// 14 MB batch is reused, which keeps peak memory flat on long traces.</param>
    public ExitTableBuilder(Action<ColumnBatch> flush, bool sinkKeepsBatches)
    {
        Debug.Assert(Width == ExitColumns.Count, "Width must match the exit schema");
        Debug.Assert(RowGroupSize % StageRows == 0, "a staging block must never straddle two row groups");
        _flush = flush;
        _sinkKeepsBatches = sinkKeepsBatches;
    }

    public long Rows { get; private set; }

    public void Add(OpenExit x, int vm, int vcpu, int tid, long entryRow, long handlingNs)
    {
        if (_staged == StageRows)
        {
            MoveStaged();
        }

        if (_batch.Count + _staged == RowGroupSize)
        {
            // Hand the full row group over exactly when the unstaged builder did (on the next row), so row groups of
            // the two tables reach the sink, and so the store file, in the same order.
            Flush();
        }

        // _staged < StageRows, so each cell below (column c at c * StageRows + _staged) lies inside _stage; the
        // one bounds check is on the first cell. The row's 27 cells are 512 bytes apart, all in the L1-resident stage.
        ref long cell = ref _stage[_staged];
        Set(ref cell, ExitColumns.Timestamp, x.Timestamp);
        Set(ref cell, ExitColumns.Vm, vm);
        Set(ref cell, ExitColumns.Vcpu, vcpu);
        Set(ref cell, ExitColumns.Tid, tid);
        Set(ref cell, ExitColumns.Cpu, x.Cpu);
        Set(ref cell, ExitColumns.Isa, x.Isa);
        Set(ref cell, ExitColumns.ReasonCode, x.ReasonCode);
        Set(ref cell, ExitColumns.Reason, x.ReasonId);
        Set(ref cell, ExitColumns.Rip, x.Rip);
        Set(ref cell, ExitColumns.Info1, x.Info1);
        Set(ref cell, ExitColumns.Info2, x.Info2);
        Set(ref cell, ExitColumns.IntrInfo, x.IntrInfo);
        Set(ref cell, ExitColumns.ErrorCode, x.ErrorCode);
        Set(ref cell, ExitColumns.Requests, x.Requests);
        Set(ref cell, ExitColumns.EventRow, x.EventRow);
        Set(ref cell, ExitColumns.EntryEventRow, entryRow);
        Set(ref cell, ExitColumns.HandlingNs, handlingNs);
        Set(ref cell, ExitColumns.GuestRunNs, x.GuestRunNs);
        Set(ref cell, ExitColumns.Run, x.Run);
        Set(ref cell, ExitColumns.UserspaceReason, x.UserspaceReason);
        Set(ref cell, ExitColumns.UserspaceErrno, x.UserspaceErrno);
        Set(ref cell, ExitColumns.CompanionFirst, x.CompanionFirst);
        Set(ref cell, ExitColumns.CompanionCount, x.CompanionCount);
        Set(ref cell, ExitColumns.Flags, (long)x.Flags);
        Set(ref cell, ExitColumns.File, x.File);
        Set(ref cell, ExitColumns.Line, x.Line);
        Set(ref cell, ExitColumns.CompanionLast, x.CompanionLast);
        _staged++;
        Rows++;
    }

    /// <summary>Hands the rows so far (staged ones included) to the sink as a row group.</summary>
    public void Flush()
    {
        MoveStaged();
        if (_batch.Count == 0)
        {
            return;
        }

        _flush(_batch);
        if (_sinkKeepsBatches)
        {
            _batch = new ColumnBatch(ExitColumns.Schema, RowGroupSize);
        }
        else
        {
            _batch.Clear();
        }
    }

    /// <summary>The cell of <paramref name="column"/> in the staged row whose first cell is <paramref name="row0"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set(ref long row0, int column, long value) => Unsafe.Add(ref row0, column * StageRows) = value;

    /// <summary>Appends the staged rows to the batch: one block copy per column.</summary>
    private void MoveStaged()
    {
        int n = _staged;
        if (n == 0)
        {
            return;
        }

        // Never overflows: the batch is flushed when staged + batch rows reach RowGroupSize, a multiple of StageRows.
        int at = _batch.Count;
        for (int c = 0; c < Width; c++)
        {
            _stage.AsSpan(c * StageRows, n).CopyTo(_batch.Column(c).AsSpan(at, n));
        }

        _batch.Count = at + n;
        _staged = 0;
    }
}
