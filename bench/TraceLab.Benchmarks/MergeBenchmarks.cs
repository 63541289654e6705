using System.Buffers;
using BenchmarkDotNet.Attributes;
using TraceLab.Ingest.Chunks;
using TraceLab.Ingest.Pipeline;
using TraceLab.Ingest.Text;
using TraceLab.Store;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;

namespace TraceLab.Benchmarks;

/// <summary>
/// The ordered merge step of ingest (<c>ChunkMerger</c>): the single thread that makes chunk-local ids and line
/// numbers store-wide, normalises timestamps and pairs exits with entries (<c>VcpuExitTracker</c>, exit rows), over
/// chunks of synthetic TDX ftrace parsed once in GlobalSetup. The sink drops row groups, so encoding and disk are not
/// measured. The merge rewrites its batches in place, so every iteration starts from a copy of the parsed rows
/// (IterationSetup, not timed). One merger serves every iteration (each one a new input file of the same store), as
/// one long ingest reuses its 14 MB exit row group: a merger per iteration would measure the first-touch page faults
/// of a fresh exit batch, which an ingest pays once. The parsed rows are cold in the cache when the merge starts
/// (the copy of all of them evicted the first ones), the pessimistic case of the real pipeline, where a parser
/// thread wrote a batch shortly before the merge reads it.
/// <list type="bullet">
/// <item><see cref="MapIds"/> (baseline): the least a merge must do per event: shift the line number, set the file,
/// map the task and name ids.</item>
/// <item><see cref="Merge"/>: <c>ChunkMerger.BeginFile</c>, <c>Merge</c> of every chunk, <c>Finish</c> (pools and
/// metadata, once per ingest, a negligible part).</item>
/// </list>
/// Input size: TRACELAB_BENCH_MERGE_BYTES (default 64 MiB of text, about 0.5 M events), in chunks of the ingest
/// default size. Throughput is M events/s; the ns/event column is the one to compare.
/// </summary>
[Config(typeof(NsPerEventConfig))]
[MemoryDiagnoser]
[BenchJob(launchCount: 1, warmupCount: 6, iterationCount: 15)]
public class MergeBenchmarks
{
    private readonly List<ParsedChunk> _chunks = [];

    // The parsed rows of every batch, column by column, as the parser left them: copied back before each iteration.
    private readonly List<long[][]> _pristine = [];
    private readonly List<int> _pristineCounts = [];
    private readonly NullStoreSink _sink = new();
    private ChunkMerger? _merger;
    private long _events;

    [GlobalSetup]
    public void Setup()
    {
        int bytes = (int)BenchData.SizeFromEnvironment("TRACELAB_BENCH_MERGE_BYTES", 64 << 20);
        byte[] text = BenchData.FtraceChunk(bytes);
        var options = new IngestOptions();
        int batchCapacity = Math.Max(1024, options.ChunkBytes / 96);   // as TraceIngester sizes its batches
        var parser = new ChunkParser(TraceFormat.Ftrace, "bench", () => new ColumnBatch(EventColumns.Schema, batchCapacity));

        // Cut where ingest would (LineChunker), so chunk boundaries, and so the merge's work, are the real ones.
        var rest = new ReadOnlySequence<byte>(text);
        long offset = 0;
        while (LineChunker.NextChunkEnd(rest, options.ChunkBytes, isFinal: true, TraceFormat.Ftrace, out _) is { } end)
        {
            ReadOnlySequence<byte> slice = rest.Slice(0, end);
            _chunks.Add(parser.Parse(slice.ToArray(), offset, _chunks.Count));
            offset += slice.Length;
            rest = rest.Slice(end);
        }

        foreach (ColumnBatch batch in _chunks.SelectMany(c => c.Batches))
        {
            _pristine.Add([.. Enumerable.Range(0, EventColumns.Count).Select(c => batch.Column(c)[..batch.Count])]);
            _pristineCounts.Add(batch.Count);
            _events += batch.Count;
        }

        Workload.Record(typeof(MergeBenchmarks), null, _events / 1e6, "M events");
        _merger = new ChunkMerger(_sink, clockHz: 0);
        Restore();
        StoreMetadata m = RunMerge(out _);
        Console.WriteLine($"// {text.Length:N0} bytes of text, {_chunks.Count} chunks, {_pristine.Count} batches, {_events:N0} events, {m.Exits:N0} exits");
    }

    /// <summary>Puts the parsed rows back into the batches the merge rewrote.</summary>
    [IterationSetup]
    public void Restore()
    {
        int i = 0;
        foreach (ColumnBatch batch in _chunks.SelectMany(c => c.Batches))
        {
            long[][] columns = _pristine[i];
            for (int c = 0; c < columns.Length; c++)
            {
                columns[c].CopyTo(batch.Column(c), 0);
            }

            batch.Count = _pristineCounts[i++];
        }
    }

    [Benchmark(Baseline = true)]
    public long MapIds()
    {
        var tasks = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        long lineBase = 0;
        long sum = 0;
        foreach (ParsedChunk chunk in _chunks)
        {
            int[] taskMap = [.. chunk.Tasks.Values.Select(s => tasks.TryAdd(s, tasks.Count) ? tasks.Count - 1 : tasks[s])];
            int[] nameMap = [.. chunk.Names.Values.Select(s => names.TryAdd(s, names.Count) ? names.Count - 1 : names[s])];
            foreach (ColumnBatch b in chunk.Batches)
            {
                long[] line = b.Column(EventColumns.Line);
                long[] file = b.Column(EventColumns.File);
                long[] task = b.Column(EventColumns.Task);
                long[] name = b.Column(EventColumns.Name);
                for (int i = 0; i < b.Count; i++)
                {
                    line[i] += lineBase;
                    file[i] = 0;
                    task[i] = taskMap[task[i]];
                    name[i] = nameMap[name[i]];
                    sum += task[i] + name[i];
                }
            }

            lineBase += chunk.LineCount;
        }

        return sum;
    }

    [Benchmark]
    public long Merge() => RunMerge(out long rows) is { } m ? m.Exits + rows : 0;

    /// <summary>Merges every chunk as one more input file of the merger's store; checks that every event was merged.</summary>
    private StoreMetadata RunMerge(out long rows)
    {
        ChunkMerger merger = _merger!;
        long eventsBefore = merger.EventRows;
        long rowsBefore = _sink.Rows;
        merger.BeginFile("bench");
        foreach (ParsedChunk chunk in _chunks)
        {
            merger.Merge(chunk);
        }

        StoreMetadata metadata = merger.Finish([], "bench");
        rows = _sink.Rows - rowsBefore;
        if (metadata.Events - eventsBefore != _events)
        {
            throw new InvalidOperationException($"the merge wrote {metadata.Events - eventsBefore} events of {_events}");
        }

        return metadata;
    }
}
