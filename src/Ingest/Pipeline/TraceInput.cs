using System.IO.Pipelines;

namespace TraceLab.Ingest.Pipeline;

/// <summary>One input to ingest: its display name, its size when known, and how to open a reader over it.</summary>
public sealed record TraceInput(string Name, long Length, Func<PipeReader> Open)
{
    /// <summary>A path, <c>-</c> for stdin, or a gzip file.</summary>
    public static TraceInput FromPath(string path) =>
        new(path, InputSource.KnownLength(path), () => PipeReader.Create(
            InputSource.Open(path),
            new StreamPipeReaderOptions(bufferSize: 1 << 20, minimumReadSize: 256 << 10, leaveOpen: false)));
}
