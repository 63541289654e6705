using TraceLab.Store;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Pairing;

/// <summary>
/// The columns of an event batch that the handlers of exits, entries and userspace exits read, fetched once per
/// batch instead of through <see cref="ColumnBatch.Column"/> at every event.
/// </summary>
internal readonly struct BatchRows
{
    public readonly long[] Timestamp;
    public readonly long[] Cpu;
    public readonly long[] Line;
    public readonly long[] A0;
    public readonly long[] A1;
    public readonly long[] A2;
    public readonly long[] A3;
    public readonly long[] A4;
    public readonly long[] A5;

    public BatchRows(ColumnBatch b)
    {
        Timestamp = b.Column(EventColumns.Timestamp);
        Cpu = b.Column(EventColumns.Cpu);
        Line = b.Column(EventColumns.Line);
        A0 = b.Column(EventColumns.A0);
        A1 = b.Column(EventColumns.A1);
        A2 = b.Column(EventColumns.A2);
        A3 = b.Column(EventColumns.A3);
        A4 = b.Column(EventColumns.A4);
        A5 = b.Column(EventColumns.A5);
    }
}
