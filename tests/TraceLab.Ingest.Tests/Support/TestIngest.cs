using System.Buffers;
using System.IO.Pipelines;
using TraceLab.Ingest.Pipeline;
using TraceLab.Store;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Support;

/// <summary>Runs the real ingester over bytes held in memory, in any segment shape, with a time limit.</summary>
public static class TestIngest
{
    /// <summary>Generous: the largest corpus file takes about a second; a hang must fail, not stall the suite.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static IngestOptions Options(int threads = 2, int chunkBytes = 8 << 20) =>
        new() { Threads = threads, ChunkBytes = chunkBytes, Writer = "tests" };

    public static Task<(MemoryStore Store, IngestResult Result)> RunAsync(byte[] bytes, IngestOptions? options = null,
        SplitShape shape = SplitShape.OneSegment, string name = "input.txt", TimeSpan? timeout = null) =>
        RunAsync(SequenceSplits.Create(bytes, shape), options, name, timeout);

    public static async Task<(MemoryStore Store, IngestResult Result)> RunAsync(ReadOnlySequence<byte> bytes,
        IngestOptions? options = null, string name = "input.txt", TimeSpan? timeout = null)
    {
        var input = new TraceInput(name, bytes.Length, () => PipeReader.Create(bytes));
        Task<(MemoryStore, IngestResult)> ingest = TraceIngester.IngestToMemoryAsync([input], options ?? Options());
        Task finished = await Task.WhenAny(ingest, Task.Delay(timeout ?? DefaultTimeout));
        Assert.True(finished == ingest, $"Ingest of '{name}' ({bytes.Length} bytes) did not finish within {(timeout ?? DefaultTimeout).TotalSeconds} s (hang?).");
        return await ingest;
    }
}
