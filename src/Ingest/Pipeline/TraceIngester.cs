using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Threading.Channels;
using TraceLab.Ingest.Chunks;
using TraceLab.Ingest.Text;
using TraceLab.Store;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Pipeline;

/// <summary>
/// Ingest: a <see cref="PipeReader"/> per input feeds whole-line chunks to parser threads (one per core), and one
/// merge thread takes the parsed chunks back in input order, pairs exits with entries and writes row groups. Memory
/// stays bounded whatever the input size: at most a few chunks are in flight and row groups go to disk as they fill.
/// </summary>
public static class TraceIngester
{
    /// <summary>
    /// Ingests <paramref name="inputs"/> into a store file at <paramref name="storePath"/>, atomically: the store
    /// appears (replacing an old one) only when ingest finished and <paramref name="commitIf"/> agreed; otherwise an
    /// existing store is left as it was.
    /// </summary>
    public static async Task<IngestResult> IngestToFileAsync(IReadOnlyList<TraceInput> inputs, string storePath,
        IngestOptions options, Func<IngestResult, bool>? commitIf = null, CancellationToken cancellationToken = default)
    {
        using StoreWriter writer = StoreWriter.Create(storePath);
        IngestResult result = await RunAsync(inputs, new StoreFileSink(writer), options, cancellationToken).ConfigureAwait(false);
        if (commitIf is null || commitIf(result))
        {
            writer.Commit();
            return result;
        }

        return new IngestResult { Metadata = result.Metadata, Bytes = result.Bytes, Lines = result.Lines, Elapsed = result.Elapsed, Committed = false };
    }

    /// <summary>Ingests into memory (tests, small traces).</summary>
    public static async Task<(MemoryStore Store, IngestResult Result)> IngestToMemoryAsync(IReadOnlyList<TraceInput> inputs,
        IngestOptions options, CancellationToken cancellationToken = default)
    {
        var sink = new MemoryStoreSink();
        IngestResult result = await RunAsync(inputs, sink, options, cancellationToken).ConfigureAwait(false);
        return (sink.Store, result);
    }

    internal static async Task<IngestResult> RunAsync(IReadOnlyList<TraceInput> inputs, IStoreSink sink,
        IngestOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int workers = Math.Max(1, options.Threads);
        var batchPool = new ConcurrentBag<ColumnBatch>();
        var merger = new ChunkMerger(sink, options.ClockHz, recycle: b =>
        {
            b.Clear();
            batchPool.Add(b);
        });
        var work = Channel.CreateBounded<ChunkWork>(new BoundedChannelOptions(workers) { SingleWriter = true });
        var parsed = new ConcurrentDictionary<long, (ChunkWork Work, ParsedChunk Chunk)>();
        using var ready = new SemaphoreSlim(0);
        using var inFlight = new SemaphoreSlim(workers + 2);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationToken ct = linked.Token;
        long totalChunks = -1;
        long totalBytes = 0;
        foreach (TraceInput input in inputs)
        {
            totalBytes = input.Length < 0 || totalBytes < 0 ? -1 : totalBytes + input.Length;
        }

        var sources = new List<SourceInfo>();
        // Row-group batches and chunk buffers are recycled: a 100 GB input must not allocate 100 GB. A sink that
        // keeps batches (the in-memory store) gets fresh ones.
        // Real lines are 100-200 bytes; a chunk of short lines spills into a second batch rather than wasting memory.
        int batchCapacity = Math.Max(1024, options.ChunkBytes / 96);
        Func<ColumnBatch> newBatch = () => batchPool.TryTake(out ColumnBatch? b) ? b : new ColumnBatch(EventColumns.Schema, batchCapacity);
        ArrayPool<byte> chunkPool = ArrayPool<byte>.Create(options.ChunkBytes + (2 * LineChunker.MaxWrapCheck) + 16, workers * 2 + 2);

        Task[] parsers = new Task[workers];
        for (int i = 0; i < workers; i++)
        {
            parsers[i] = Task.Run(async () =>
            {
                await foreach (ChunkWork w in work.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                {
                    var parser = new ChunkParser(w.Format, w.FileName, newBatch);
                    ParsedChunk chunk = parser.Parse(w.Buffer.AsSpan(0, w.Length), w.BaseOffset, w.Sequence, w.StartsMidLine);
                    chunkPool.Return(w.Buffer);
                    parsed[w.Sequence] = (w, chunk);
                    ready.Release();
                }
            }, ct);
        }

        long mergedBytes = 0;
        Task mergeTask = Task.Run(async () =>
        {
            long next = 0;
            int currentFile = -1;
            while (Volatile.Read(ref totalChunks) < 0 || next < Volatile.Read(ref totalChunks))
            {
                await ready.WaitAsync(ct).ConfigureAwait(false);
                while (parsed.TryRemove(next, out var item))
                {
                    if (item.Work.FileIndex != currentFile)
                    {
                        currentFile = item.Work.FileIndex;
                        merger.BeginFile(item.Work.FileName);
                    }

                    merger.Merge(item.Chunk);

                    lock (sources)
                    {
                        SourceInfo s = sources[item.Work.FileIndex];
                        s.Lines += item.Chunk.LineCount;
                        s.Events += item.Chunk.EventCount;
                    }

                    mergedBytes += item.Work.Length;
                    inFlight.Release();
                    next++;
                    options.Progress?.Report(new IngestProgress(item.Work.FileName, mergedBytes, totalBytes, merger.EventRows, clock.Elapsed));
                }
            }
        }, ct);

        long sequence = 0;
        long lines = 0;
        try
        {
            for (int fileIndex = 0; fileIndex < inputs.Count; fileIndex++)
            {
                TraceInput input = inputs[fileIndex];
                var source = new SourceInfo { Path = input.Name };
                lock (sources)
                {
                    sources.Add(source);
                }

                PipeReader reader = input.Open();
                try
                {
                    (long chunks, long bytes, TraceFormat format) = await ReadChunksAsync(reader, input.Name, fileIndex,
                        options, sequence, work.Writer, inFlight, chunkPool, ct).ConfigureAwait(false);
                    sequence += chunks;
                    source.Bytes = bytes;
                    source.Format = FormatName(format);
                }
                finally
                {
                    await reader.CompleteAsync().ConfigureAwait(false);
                }
            }

            Volatile.Write(ref totalChunks, sequence);
            work.Writer.Complete();
            ready.Release();
            await Task.WhenAll(parsers).ConfigureAwait(false);
            await mergeTask.ConfigureAwait(false);
        }
        catch
        {
            await linked.CancelAsync().ConfigureAwait(false);
            work.Writer.TryComplete();
            await Task.WhenAll([.. parsers, mergeTask]).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        foreach (SourceInfo s in sources)
        {
            lines += s.Lines;
        }

        StoreMetadata metadata = merger.Finish(sources, options.Writer);
        long bytesRead = 0;
        foreach (SourceInfo s in sources)
        {
            bytesRead += s.Bytes;
        }

        return new IngestResult { Metadata = metadata, Bytes = bytesRead, Lines = lines, Elapsed = clock.Elapsed };
    }

    /// <summary>Reads one input, sniffs its format, and queues its chunks. Returns the number of chunks queued.</summary>
    private static async Task<(long Chunks, long Bytes, TraceFormat Format)> ReadChunksAsync(PipeReader reader, string name,
        int fileIndex, IngestOptions options, long firstSequence, ChannelWriter<ChunkWork> work, SemaphoreSlim inFlight,
        ArrayPool<byte> chunkPool, CancellationToken ct)
    {
        const int SniffBytes = 64 << 10;
        TraceFormat format = options.Format;
        long offset = 0;
        long sequence = firstSequence;
        bool startsMidLine = false;
        while (true)
        {
            ReadResult read = await reader.ReadAsync(ct).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = read.Buffer;
            if (format == TraceFormat.Auto)
            {
                if (buffer.Length < SniffBytes && !read.IsCompleted)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                byte[] head = buffer.Slice(0, Math.Min(buffer.Length, SniffBytes)).ToArray();
                format = FormatSniffer.Sniff(head);
            }

            while (LineChunker.NextChunkEnd(buffer, options.ChunkBytes, read.IsCompleted, format, out bool cutMidLine) is { } end)
            {
                ReadOnlySequence<byte> slice = buffer.Slice(0, end);
                int length = checked((int)slice.Length);
                await inFlight.WaitAsync(ct).ConfigureAwait(false);
                byte[] chunk = chunkPool.Rent(Math.Max(length, 1));
                slice.CopyTo(chunk);
                await work.WriteAsync(new ChunkWork(sequence++, fileIndex, name, format, chunk, length, offset, startsMidLine), ct).ConfigureAwait(false);
                startsMidLine = cutMidLine;
                offset += length;
                buffer = buffer.Slice(end);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                return (sequence - firstSequence, offset, format == TraceFormat.Auto ? TraceFormat.Ftrace : format);
            }
        }
    }

    private static string FormatName(TraceFormat format) => format switch
    {
        TraceFormat.TraceCmd => "trace-cmd",
        TraceFormat.PerfScript => "perf-script",
        _ => "ftrace",
    };
}
