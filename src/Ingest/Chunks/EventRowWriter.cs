using System.Runtime.CompilerServices;
using TraceLab.Ingest.Events;
using TraceLab.Store;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Chunks;

/// <summary>
/// Writes one event row into a batch: the header fields set through the initialiser, the decoded A0..A5 from a
/// <see cref="DecodedEvent"/>. Kept as a struct so the eighteen stores compile to plain array writes.
/// </summary>
internal readonly ref struct EventRowWriter
{
    private readonly ColumnBatch _batch;
    private readonly int _row;

    public EventRowWriter(ColumnBatch batch, int row)
    {
        _batch = batch;
        _row = row;
    }

    public long Timestamp { get; init; }

    public long Cpu { get; init; }

    public long Tid { get; init; }

    public long Task { get; init; }

    public long Kind { get; init; }

    public long Name { get; init; }

    public long Vcpu { get; init; }

    public long Vm { get; init; }

    public long Line { get; init; }

    public long PayloadOffset { get; init; }

    public long PayloadLength { get; init; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(in DecodedEvent d)
    {
        ColumnBatch b = _batch;
        int r = _row;
        b.Column(EventColumns.Timestamp)[r] = Timestamp;
        b.Column(EventColumns.Cpu)[r] = Cpu;
        b.Column(EventColumns.Tid)[r] = Tid;
        b.Column(EventColumns.Task)[r] = Task;
        b.Column(EventColumns.Kind)[r] = Kind;
        b.Column(EventColumns.Name)[r] = Name;
        b.Column(EventColumns.Vcpu)[r] = Vcpu;
        b.Column(EventColumns.Vm)[r] = Vm;
        b.Column(EventColumns.File)[r] = 0;
        b.Column(EventColumns.Line)[r] = Line;
        b.Column(EventColumns.PayloadOffset)[r] = PayloadOffset;
        b.Column(EventColumns.PayloadLength)[r] = PayloadLength;
        b.Column(EventColumns.A0)[r] = d.A0;
        b.Column(EventColumns.A1)[r] = d.A1;
        b.Column(EventColumns.A2)[r] = d.A2;
        b.Column(EventColumns.A3)[r] = d.A3;
        b.Column(EventColumns.A4)[r] = d.A4;
        b.Column(EventColumns.A5)[r] = d.A5;
    }
}
