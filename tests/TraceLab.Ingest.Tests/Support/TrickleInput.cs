using System.IO.Pipelines;
using TraceLab.Ingest.Pipeline;

namespace TraceLab.Ingest.Tests.Support;

/// <summary>
/// An input that arrives a few bytes at a time through a real <see cref="Pipe"/>, like a slow stdin. A
/// ReadOnlySequence reader hands over everything in one completed read, so only this exercises the ingester's
/// incremental path: sniffing while data is still coming, and lines that end in a later read.
/// </summary>
public static class TrickleInput
{
    public static TraceInput Create(byte[] bytes, int piece, string name = "trickle.txt") => new(name, bytes.Length, () =>
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        _ = Task.Run(async () =>
        {
            for (int at = 0; at < bytes.Length; at += piece)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(at, Math.Min(piece, bytes.Length - at)));
            }

            await pipe.Writer.CompleteAsync();
        });
        return pipe.Reader;
    });
}
