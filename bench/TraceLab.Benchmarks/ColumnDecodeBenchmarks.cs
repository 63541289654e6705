using BenchmarkDotNet.Attributes;
using TraceLab.Store;

namespace TraceLab.Benchmarks;

/// <summary>
/// Decoding one whole column of a store (every row group, with <c>TableReader.ReadColumn</c>: positioned read from the
/// page cache, CRC-32C check, bit-unpacking) against copying a <c>long[]</c> of the same length, the floor for
/// producing that many values. The store (TRACELAB_BENCH_DECODE_EVENTS events, default 2,000,000, of the synthetic TDX
/// trace) is written on first use and cached. Throughput is M values/s.
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
[BenchJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ColumnDecodeBenchmarks
{
    private StoreReader? _store;
    private TableReader? _table;
    private int _columnIndex;
    private long[] _source = [];
    private long[] _destination = [];

    /// <summary><c>table.column</c>: a delta-packed timestamp column and a bit-packed latency column.</summary>
    [Params("events.timestamp", "exits.handling_ns")]
    public string Column { get; set; } = "events.timestamp";

    [GlobalSetup]
    public void Setup()
    {
        long events = BenchData.SizeFromEnvironment("TRACELAB_BENCH_DECODE_EVENTS", 2_000_000);
        _store = StoreReader.Open(BenchData.StoreWithEvents(events));
        string[] parts = Column.Split('.');
        _table = (TableReader?)_store.GetTable(parts[0]) ?? throw new InvalidOperationException($"the store has no table {parts[0]}");
        _columnIndex = _table.Schema.IndexOf(parts[1]);
        if (_columnIndex < 0)
        {
            throw new InvalidOperationException($"table {parts[0]} has no column {parts[1]}");
        }

        _destination = new long[_table.RowCount];
        _source = new long[_table.RowCount];
        Decode();
        _destination.AsSpan().CopyTo(_source);
        var encodings = Enumerable.Range(0, _table.RowGroupCount).Select(g => _table.GetChunkInfo(g, _columnIndex).Encoding).Distinct();
        long bytes = Enumerable.Range(0, _table.RowGroupCount).Sum(g => (long)_table.GetChunkInfo(g, _columnIndex).Length);
        Console.WriteLine($"// {Column}: {_table.RowCount:N0} rows in {_table.RowGroupCount} row groups, {bytes:N0} bytes " +
            $"({bytes * 8.0 / _table.RowCount:F2} bits/value), encodings {string.Join(", ", encodings)}");
        Workload.Record(typeof(ColumnDecodeBenchmarks), Column, _table.RowCount / 1e6, "M values");
    }

    [GlobalCleanup]
    public void Cleanup() => _store?.Dispose();

    [Benchmark(Baseline = true)]
    public long CopyLongs()
    {
        _source.AsSpan().CopyTo(_destination);
        return _destination[^1];
    }

    [Benchmark]
    public long ReadColumn() => Decode();

    private long Decode()
    {
        TableReader table = _table!;
        int offset = 0;
        for (int g = 0; g < table.RowGroupCount; g++)
        {
            int rows = table.RowGroupRowCount(g);
            table.ReadColumn(g, _columnIndex, _destination.AsSpan(offset, rows));
            offset += rows;
        }

        return _destination[^1];
    }
}
