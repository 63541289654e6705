using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using TraceLab.Ingest.Chunks;
using TraceLab.Ingest.Text;
using TraceLab.Store;
using TraceLab.Store.Schema;

namespace TraceLab.Benchmarks;

/// <summary>
/// Parsing one 8 MB chunk of synthetic TDX ftrace text (kernel 6.18 formats), the unit of work of one ingest parser
/// thread. Every method walks the whole chunk, so Ratio compares equal work and Throughput is MB/s of text.
/// <list type="bullet">
/// <item><see cref="SplitLines"/> (baseline): the least any parser must do: find each line end with
/// <c>Span.IndexOf('\n')</c>, the end of the CPU column, the timestamp and the event name.</item>
/// <item><see cref="ParseLines"/>: <c>TraceLineParser.Parse</c> on every line (header fields, timestamp, event, payload span).</item>
/// <item><see cref="ParseChunk"/>: <c>ChunkParser.Parse</c> of the chunk (the above plus payload decoding and rows),
/// with row batches recycled as the ingest pipeline does.</item>
/// </list>
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
[BenchJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class LineParsingBenchmarks
{
    private readonly ConcurrentBag<ColumnBatch> _batches = [];
    private byte[] _chunk = [];
    private int _batchCapacity;

    /// <summary>Chunk size: the ingest default (IngestOptions.ChunkBytes), overridable with TRACELAB_BENCH_CHUNK_BYTES.</summary>
    public static int ChunkBytes => (int)BenchData.SizeFromEnvironment("TRACELAB_BENCH_CHUNK_BYTES", 8 << 20);

    [GlobalSetup]
    public void Setup()
    {
        _chunk = BenchData.FtraceChunk(ChunkBytes);
        _batchCapacity = Math.Max(1024, ChunkBytes / 90);   // as TraceIngester sizes its batches
        Workload.Record(typeof(LineParsingBenchmarks), null, _chunk.Length / 1e6, "MB");
        int lines = _chunk.AsSpan().Count((byte)'\n');
        Console.WriteLine($"// chunk: {_chunk.Length:N0} bytes, {lines:N0} lines");

        // The three methods must agree on the number of event lines, or the comparison is meaningless.
        long events = ParseChunk();
        if (events < lines * 9L / 10)
        {
            throw new InvalidOperationException($"ChunkParser found {events} events in {lines} lines: the input is not what the benchmark expects.");
        }
    }

    [Benchmark(Baseline = true)]
    public long SplitLines()
    {
        ReadOnlySpan<byte> chunk = _chunk;
        long sum = 0;
        int pos = 0;
        while (pos < chunk.Length)
        {
            int nl = chunk[pos..].IndexOf((byte)'\n');
            int end = nl < 0 ? chunk.Length : pos + nl;
            ReadOnlySpan<byte> line = chunk[pos..end];

            // "  CPU 0/KVM-12699   [001] d.... 33062.770338: kvm_exit: vcpu 0 reason ..."
            int cpuEnd = line.IndexOf("] "u8);
            if (cpuEnd >= 0)
            {
                int stampEnd = line[cpuEnd..].IndexOf(": "u8);
                if (stampEnd >= 0)
                {
                    int nameStart = cpuEnd + stampEnd + 2;
                    int nameEnd = line[nameStart..].IndexOf((byte)':');
                    sum += nameStart + nameEnd;
                }
            }

            pos = end + 1;
        }

        return sum;
    }

    [Benchmark]
    public long ParseLines()
    {
        ReadOnlySpan<byte> chunk = _chunk;
        long sum = 0;
        int pos = 0;
        while (pos < chunk.Length)
        {
            int nl = chunk[pos..].IndexOf((byte)'\n');
            int end = nl < 0 ? chunk.Length : pos + nl;
            LineShape shape = TraceLineParser.Parse(chunk[pos..end], TraceFormat.Ftrace, out TraceLine f);
            sum += (long)shape + f.Timestamp + f.Event.Length + f.Payload.Length;
            pos = end + 1;
        }

        return sum;
    }

    [Benchmark]
    public long ParseChunk()
    {
        var parser = new ChunkParser(TraceFormat.Ftrace, "bench", NewBatch);
        ParsedChunk parsed = parser.Parse(_chunk, baseOffset: 0, sequence: 0);
        long events = parsed.EventCount;
        foreach (ColumnBatch batch in parsed.Batches)
        {
            batch.Clear();
            _batches.Add(batch);
        }

        return events;
    }

    private ColumnBatch NewBatch() => _batches.TryTake(out ColumnBatch? b) ? b : new ColumnBatch(EventColumns.Schema, _batchCapacity);
}
