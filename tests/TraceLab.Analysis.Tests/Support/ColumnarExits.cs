using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;

namespace TraceLab.Analysis.Tests.Support;

/// <summary>
/// Builds a large exit-only store straight into column batches (no per-row arrays), for the million-value tests.
/// Every exit is VMX reason <c>code</c> on vm 0, vcpu <c>i % vcpus</c>; its handling time is the given value.
/// </summary>
internal static class ColumnarExits
{
    public static MemoryStore Create(long[] handling, uint code = 12, string name = "HLT", int rowGroupSize = 65_536, int vcpus = 1)
    {
        TableSchema schema = ExitColumns.Schema;
        var table = new MemoryTable(schema);
        for (int start = 0; start < handling.Length; start += rowGroupSize)
        {
            int count = Math.Min(rowGroupSize, handling.Length - start);
            var batch = new ColumnBatch(schema, count) { Count = count };
            for (int c = 0; c < schema.Columns.Length; c++)
            {
                batch.Column(c).AsSpan(0, count).Fill(c == ExitColumns.UserspaceReason || c == ExitColumns.CompanionFirst ? -1 : 0);
            }

            batch.Column(ExitColumns.Isa).AsSpan(0, count).Fill((long)Isa.Vmx);
            batch.Column(ExitColumns.ReasonCode).AsSpan(0, count).Fill(code);
            handling.AsSpan(start, count).CopyTo(batch.Column(ExitColumns.HandlingNs));
            long[] vcpu = batch.Column(ExitColumns.Vcpu);
            for (int i = 0; i < count; i++)
            {
                vcpu[i] = (start + i) % vcpus;
            }

            table.Add(batch);
        }

        var store = new MemoryStore();
        store.AddTable(table);
        store.SetStringPool(StringPools.Reasons, [name]);
        store.Metadata.Exits = handling.Length;
        return store;
    }

    /// <summary>Seeded log-normal latencies in ns (median ~1.6 µs, long tail), like real exit handling times.</summary>
    public static long[] LogNormal(int count, int seed, double mu = 7.4, double sigma = 1.3)
    {
        var random = new Random(seed);
        long[] values = new long[count];
        for (int i = 0; i < count; i++)
        {
            // Box-Muller.
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            values[i] = (long)Math.Exp(mu + sigma * normal);
        }

        return values;
    }
}
