using TraceLab.Store;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Pairing;

/// <summary>Appends closed exits as exit-table rows and hands full row groups to the sink.</summary>
internal sealed class ExitTableBuilder
{
    public const int RowGroupSize = 65_536;

    private readonly Action<ColumnBatch> _flush;
    private readonly bool _sinkKeepsBatches;
    private ColumnBatch _batch = new(ExitColumns.Schema, RowGroupSize);

    /// <param name="flush">Receives each full (and the last) row group.</param>
    /// <param name="sinkKeepsBatches">The receiver keeps the batch (in-memory store): start a new one; otherwise the
    /// 14 MB batch is reused, which keeps peak memory flat on long traces.</param>
    public ExitTableBuilder(Action<ColumnBatch> flush, bool sinkKeepsBatches)
    {
        _flush = flush;
        _sinkKeepsBatches = sinkKeepsBatches;
    }

    public long Rows { get; private set; }

    public void Add(OpenExit x, int vm, int vcpu, int tid, long entryRow, long handlingNs)
    {
        if (_batch.IsFull)
        {
            Flush();
        }

        ColumnBatch b = _batch;
        int r = b.AddRow();
        b.Column(ExitColumns.Timestamp)[r] = x.Timestamp;
        b.Column(ExitColumns.Vm)[r] = vm;
        b.Column(ExitColumns.Vcpu)[r] = vcpu;
        b.Column(ExitColumns.Tid)[r] = tid;
        b.Column(ExitColumns.Cpu)[r] = x.Cpu;
        b.Column(ExitColumns.Isa)[r] = x.Isa;
        b.Column(ExitColumns.ReasonCode)[r] = x.ReasonCode;
        b.Column(ExitColumns.Reason)[r] = x.ReasonId;
        b.Column(ExitColumns.Rip)[r] = x.Rip;
        b.Column(ExitColumns.Info1)[r] = x.Info1;
        b.Column(ExitColumns.Info2)[r] = x.Info2;
        b.Column(ExitColumns.IntrInfo)[r] = x.IntrInfo;
        b.Column(ExitColumns.ErrorCode)[r] = x.ErrorCode;
        b.Column(ExitColumns.Requests)[r] = x.Requests;
        b.Column(ExitColumns.EventRow)[r] = x.EventRow;
        b.Column(ExitColumns.EntryEventRow)[r] = entryRow;
        b.Column(ExitColumns.HandlingNs)[r] = handlingNs;
        b.Column(ExitColumns.GuestRunNs)[r] = x.GuestRunNs;
        b.Column(ExitColumns.Run)[r] = x.Run;
        b.Column(ExitColumns.UserspaceReason)[r] = x.UserspaceReason;
        b.Column(ExitColumns.UserspaceErrno)[r] = x.UserspaceErrno;
        b.Column(ExitColumns.CompanionFirst)[r] = x.CompanionFirst;
        b.Column(ExitColumns.CompanionCount)[r] = x.CompanionCount;
        b.Column(ExitColumns.Flags)[r] = (long)x.Flags;
        b.Column(ExitColumns.File)[r] = x.File;
        b.Column(ExitColumns.Line)[r] = x.Line;
        b.Column(ExitColumns.CompanionLast)[r] = x.CompanionLast;
        Rows++;
    }

    public void Flush()
    {
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
}
