using TraceLab.Ingest.Pairing;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Tests.Merge;

/// <summary>
/// The exit table builder stages rows in blocks before it copies them into the row group's columns. Row groups must
/// still be full 65,536-row groups handed over at the same moments as row-by-row appends did (the row groups of the
/// two tables interleave in the store file in that order), and every value must land in its own row and column.
/// </summary>
public sealed class ExitTableBuilderTests
{
    private const int RowGroup = ExitTableBuilder.RowGroupSize;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rows_keep_their_order_values_and_row_groups(bool sinkKeepsBatches)
    {
        const int Total = (2 * RowGroup) + ExitTableBuilder.StageRows + 5;
        var groups = new List<(long RowsBefore, long[][] Columns)>();
        ExitTableBuilder builder = null!;
        builder = new ExitTableBuilder(
            batch => groups.Add((builder.Rows, [.. Enumerable.Range(0, ExitColumns.Count).Select(c => batch.Column(c)[..batch.Count])])),
            sinkKeepsBatches);

        var x = new OpenExit();
        for (int n = 0; n < Total; n++)
        {
            Fill(x, n);
            builder.Add(x, vm: n + 1, vcpu: n + 2, tid: n + 3, entryRow: n + 4, handlingNs: n + 5);
        }

        // Full groups go out when the next row arrives, as before staging: the sink sees them between merge steps.
        Assert.Equal([RowGroup, 2L * RowGroup], groups.Select(g => g.RowsBefore));
        builder.Flush();
        Assert.Equal(3, groups.Count);
        Assert.Equal([RowGroup, RowGroup, Total - (2 * RowGroup)], groups.Select(g => g.Columns[0].Length));

        long row = 0;
        foreach ((_, long[][] columns) in groups)
        {
            for (int r = 0; r < columns[0].Length; r++, row++)
            {
                for (int c = 0; c < ExitColumns.Count; c++)
                {
                    if (Expected(row, c) != columns[c][r])
                    {
                        Assert.Fail($"row {row} column {ExitColumns.Schema.Columns[c].Name}: {columns[c][r]}, expected {Expected(row, c)}");
                    }
                }
            }
        }

        builder.Flush();
        Assert.Equal(3, groups.Count);   // nothing left: no empty row group
    }

    [Fact]
    public void Flush_hands_over_staged_rows_and_the_builder_goes_on()
    {
        var counts = new List<int>();
        var builder = new ExitTableBuilder(b => counts.Add(b.Count), sinkKeepsBatches: false);
        var x = new OpenExit();
        for (int n = 0; n < 3; n++)
        {
            builder.Add(x, 0, 0, 0, 0, 0);
        }

        builder.Flush();
        builder.Add(x, 0, 0, 0, 0, 0);
        builder.Flush();
        Assert.Equal([3, 1], counts);
        Assert.Equal(4, builder.Rows);
    }

    private static void Fill(OpenExit x, long n)
    {
        x.Timestamp = n * 100;
        x.Cpu = (int)(n % 97);
        x.Isa = (int)(n % 3);
        x.ReasonCode = n + 10;
        x.ReasonId = (int)(n + 11);
        x.Rip = n + 12;
        x.Info1 = n + 13;
        x.Info2 = n + 14;
        x.IntrInfo = n + 15;
        x.ErrorCode = n + 16;
        x.Requests = n + 17;
        x.EventRow = n + 18;
        x.GuestRunNs = n + 19;
        x.Run = n + 20;
        x.UserspaceReason = n + 21;
        x.UserspaceErrno = n + 22;
        x.CompanionFirst = n + 23;
        x.CompanionCount = n + 24;
        x.Flags = (ExitFlags)(n & 0xFF);
        x.File = n + 25;
        x.Line = n + 26;
        x.CompanionLast = n + 27;
    }

    /// <summary>The value <see cref="Fill"/> and the Add arguments of row <paramref name="n"/> put in column <paramref name="c"/>.</summary>
    private static long Expected(long n, int c) => c switch
    {
        ExitColumns.Timestamp => n * 100,
        ExitColumns.Vm => n + 1,
        ExitColumns.Vcpu => n + 2,
        ExitColumns.Tid => n + 3,
        ExitColumns.EntryEventRow => n + 4,
        ExitColumns.HandlingNs => n + 5,
        ExitColumns.Cpu => n % 97,
        ExitColumns.Isa => n % 3,
        ExitColumns.ReasonCode => n + 10,
        ExitColumns.Reason => n + 11,
        ExitColumns.Rip => n + 12,
        ExitColumns.Info1 => n + 13,
        ExitColumns.Info2 => n + 14,
        ExitColumns.IntrInfo => n + 15,
        ExitColumns.ErrorCode => n + 16,
        ExitColumns.Requests => n + 17,
        ExitColumns.EventRow => n + 18,
        ExitColumns.GuestRunNs => n + 19,
        ExitColumns.Run => n + 20,
        ExitColumns.UserspaceReason => n + 21,
        ExitColumns.UserspaceErrno => n + 22,
        ExitColumns.CompanionFirst => n + 23,
        ExitColumns.CompanionCount => n + 24,
        ExitColumns.Flags => n & 0xFF,
        ExitColumns.File => n + 25,
        ExitColumns.Line => n + 26,
        ExitColumns.CompanionLast => n + 27,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };
}
