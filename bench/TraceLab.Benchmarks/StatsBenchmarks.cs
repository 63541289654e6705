using BenchmarkDotNet.Attributes;
using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Stats.Writers;
using TraceLab.Store;

namespace TraceLab.Benchmarks;

/// <summary>
/// <c>tracelab stats</c> without process start-up: <c>StatsEngine.Compute</c> (by reason, vmexit mode) over a store of
/// TRACELAB_BENCH_STATS_EXITS exits (default 5,000,000, about 18 M events of the synthetic TDX trace; built on first
/// use and cached), against a baseline that only decodes the handling_ns column of the exit table on as many threads
/// as the engine uses: the one column no latency statistic can do without. Throughput is M events/s of the store.
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
[BenchJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class StatsBenchmarks
{
    private StoreReader? _store;

    [GlobalSetup]
    public void Setup()
    {
        long exits = BenchData.SizeFromEnvironment("TRACELAB_BENCH_STATS_EXITS", 5_000_000);
        _store = StoreReader.Open(BenchData.StoreWithExits(exits));
        Console.WriteLine($"// store: {_store.Metadata.Events:N0} events, {_store.Metadata.Exits:N0} exits, {new FileInfo(_store.Path).Length:N0} bytes");
        Workload.Record(typeof(StatsBenchmarks), null, _store.Metadata.Events / 1e6, "M events");
    }

    [GlobalCleanup]
    public void Cleanup() => _store?.Dispose();

    [Benchmark(Baseline = true)]
    public long DecodeHandlingNs() => ColumnScan.Sum(_store!, "exits", "handling_ns", Environment.ProcessorCount);

    [Benchmark]
    public long Compute() => StatsEngine.Compute([_store!], new StatsOptions()).TotalCount;

    [Benchmark]
    public long ComputeAndWriteJson()
    {
        StatsReport report = StatsEngine.Compute([_store!], new StatsOptions());
        JsonStatsWriter.Write(report, TextWriter.Null);
        return report.TotalCount;
    }
}
