using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using TraceLab.Store;

namespace TraceLab.Benchmarks;

/// <summary>
/// The minimal C# column scan: decode columns of a store on one thread per core and sum them. It is the baseline of
/// <see cref="StatsBenchmarks"/> and, as <c>TraceLab.Benchmarks scan STORE [table.column ...]</c>, of bench/stats.sh,
/// where it runs as a process of its own beside <c>tracelab stats</c> (same runtime start-up, same store).
/// </summary>
internal static class ColumnScan
{
    /// <summary>Decodes every row group of <paramref name="table"/>.<paramref name="column"/> and returns the sum of the values.</summary>
    public static long Sum(ITraceStore store, string table, string column, int threads)
    {
        ITableSource source = store.GetTable(table) ?? throw new ArgumentException($"the store has no table '{table}'", nameof(table));
        int index = source.Schema.IndexOf(column);
        if (index < 0)
        {
            throw new ArgumentException($"table '{table}' has no column '{column}'", nameof(column));
        }

        int maxRows = 0;
        for (int g = 0; g < source.RowGroupCount; g++)
        {
            maxRows = Math.Max(maxRows, source.RowGroupRowCount(g));
        }

        // Workers take row groups from a shared counter, as the stats engine's do.
        int next = -1;
        long total = 0;
        int workers = Math.Max(1, Math.Min(threads, source.RowGroupCount));
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            long[] buffer = ArrayPool<long>.Shared.Rent(Math.Max(1, maxRows));
            long sum = 0;
            int g;
            while ((g = Interlocked.Increment(ref next)) < source.RowGroupCount)
            {
                Span<long> values = buffer.AsSpan(0, source.RowGroupRowCount(g));
                source.ReadColumn(g, index, values);
                foreach (long v in values)
                {
                    sum += v;
                }
            }

            ArrayPool<long>.Shared.Return(buffer);
            Interlocked.Add(ref total, sum);
        });
        return total;
    }

    /// <summary><c>scan STORE [table.column ...]</c>: prints rows, sums and time; exit code 0, or 2 on bad usage.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: TraceLab.Benchmarks scan STORE [table.column ...]   (default exits.handling_ns)");
            return 2;
        }

        string[] columns = args.Length > 1 ? args[1..] : ["exits.handling_ns"];
        var clock = Stopwatch.StartNew();
        using StoreReader store = StoreReader.Open(args[0]);
        foreach (string spec in columns)
        {
            string[] parts = spec.Split('.', 2);
            if (parts.Length != 2)
            {
                Console.Error.WriteLine($"scan: '{spec}' is not table.column");
                return 2;
            }

            long sum = Sum(store, parts[0], parts[1], Environment.ProcessorCount);
            long rows = store.GetTable(parts[0])!.RowCount;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{spec}: {rows} rows, sum {sum}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"events {store.Metadata.Events}, exits {store.Metadata.Exits}, {clock.Elapsed.TotalSeconds:F3} s in-process"));
        return 0;
    }
}
