using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using TraceLab.Ingest.Pipeline;
using TraceLab.Store;
using TraceLab.Store.Encoding;

namespace TraceLab.Benchmarks;

/// <summary>
/// Encoding the real column mix: every column of every row group of the events and exits tables of an ingested
/// synthetic trace (TRACELAB_BENCH_ENCODE_EVENTS events, default 1,000,000, streamed from the synthesizer into an
/// in-memory ingest, so the row groups are the ones <c>tracelab ingest</c> hands the store writer). <c>Encode</c> runs
/// the chunks through one <see cref="ColumnEncoder"/> with a <see cref="ColumnHistory"/> per column, as
/// <c>StoreWriter</c> does; the histories live on from one operation to the next, as they would over a long trace.
/// The baseline reads every value once (a vectorised min/max, which the footer needs anyway): the chunks (about
/// 200 MB) do not fit the cache, so both methods pay for reading them from memory. Throughput is M values/s;
/// GlobalSetup prints the encoded size in bytes per event and per column, so a size regression shows next to a
/// speed-up.
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
[BenchJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ColumnEncodeBenchmarks
{
    private readonly List<Chunk> _chunks = [];
    private readonly ColumnEncoder _encoder = new();
    private readonly Dictionary<string, ColumnHistory> _histories = [];
    private long _values;

    [GlobalSetup]
    public void Setup()
    {
        long events = BenchData.SizeFromEnvironment("TRACELAB_BENCH_ENCODE_EVENTS", 1_000_000);
        MemoryStore store = Ingest(events);
        long eventRows = 0;
        foreach (string tableName in new[] { "events", "exits" })
        {
            var table = (MemoryTable)store.GetTable(tableName)!;
            eventRows = tableName == "events" ? table.RowCount : eventRows;
            for (int g = 0; g < table.RowGroupCount; g++)
            {
                int rows = table.RowGroupRowCount(g);
                for (int c = 0; c < table.Schema.Columns.Length; c++)
                {
                    var values = new long[rows];
                    table.ReadColumn(g, c, values);
                    string column = $"{tableName}.{table.Schema.Columns[c].Name}";
                    _histories.TryAdd(column, new ColumnHistory());
                    _chunks.Add(new Chunk(_histories[column], column, values));
                    _values += rows;
                }
            }
        }

        PrintBreakdown(eventRows);
        Workload.Record(typeof(ColumnEncodeBenchmarks), null, _values / 1e6, "M values");
    }

    [Benchmark(Baseline = true)]
    public long ReadValues()
    {
        long sum = 0;
        foreach (Chunk chunk in _chunks)
        {
            (long min, long max) = MinMax(chunk.Values);
            sum += max - min;
        }

        return sum;
    }

    [Benchmark]
    public long Encode()
    {
        long bytes = 0;
        foreach (Chunk chunk in _chunks)
        {
            bytes += _encoder.Encode(chunk.Values, chunk.History).Length;
        }

        return bytes;
    }

    /// <summary>
    /// Size per column (bits per row and encodings) and bytes per event of both tables. No times: GlobalSetup runs
    /// before the JIT has optimised the encoder, so only BenchmarkDotNet's measurements mean anything.
    /// </summary>
    private void PrintBreakdown(long eventRows)
    {
        var byColumn = new Dictionary<string, (long Rows, long Bytes, HashSet<ColumnEncoding> Encodings)>();
        long total = 0;
        foreach (Chunk chunk in _chunks)
        {
            EncodedColumn encoded = _encoder.Encode(chunk.Values, chunk.History);
            var entry = byColumn.GetValueOrDefault(chunk.Column, (0, 0, new HashSet<ColumnEncoding>()));
            entry.Encodings.Add(encoded.Encoding);
            byColumn[chunk.Column] = (entry.Rows + chunk.Values.Length, entry.Bytes + encoded.Length, entry.Encodings);
            total += encoded.Length;
        }

        Console.WriteLine($"// {_chunks.Count:N0} chunks, {_values:N0} values, {eventRows:N0} events: {total:N0} encoded bytes = " +
            $"{(double)total / eventRows:F3} bytes/event (column payloads only; no footer, pools or metadata)");
        foreach (var (column, e) in byColumn)
        {
            Console.WriteLine($"//   {column,-24} {e.Bytes * 8.0 / e.Rows,6:F2} bits/row  {string.Join(", ", e.Encodings.Order())}");
        }
    }

    private static MemoryStore Ingest(long events)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 32 << 20, resumeWriterThreshold: 16 << 20, useSynchronizationContext: false));
        Task producer = Task.Factory.StartNew(() =>
        {
            using Stream stream = pipe.Writer.AsStream();
            TraceLab.Synth.TraceSynthesizer.Write(BenchData.Trace() with { TargetEvents = events }, stream, collectTruth: false);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var input = new TraceInput("synth", -1, () => pipe.Reader);
        (MemoryStore store, _) = TraceIngester.IngestToMemoryAsync([input], new IngestOptions { Writer = "TraceLab.Benchmarks" })
            .GetAwaiter().GetResult();
        producer.GetAwaiter().GetResult();
        return store;
    }

    private static (long Min, long Max) MinMax(long[] values)
    {
        ref long start = ref MemoryMarshal.GetArrayDataReference(values);
        int i = 0;
        long lo = long.MaxValue, hi = long.MinValue;
        if (Vector256.IsHardwareAccelerated && values.Length >= 4)
        {
            Vector256<long> min = Vector256.Create(long.MaxValue), max = Vector256.Create(long.MinValue);
            for (; i + 4 <= values.Length; i += 4)
            {
                Vector256<long> v = Vector256.LoadUnsafe(ref start, (nuint)i);
                min = Vector256.Min(min, v);
                max = Vector256.Max(max, v);
            }

            for (int k = 0; k < 4; k++)
            {
                lo = Math.Min(lo, min[k]);
                hi = Math.Max(hi, max[k]);
            }
        }

        for (; i < values.Length; i++)
        {
            lo = Math.Min(lo, values[i]);
            hi = Math.Max(hi, values[i]);
        }

        return (lo, hi);
    }

    private sealed record Chunk(ColumnHistory History, string Column, long[] Values);
}
