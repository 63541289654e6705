using System.Buffers;

namespace TraceLab.Ingest.Pipeline;

/// <summary>
/// Cuts a pipe's buffered bytes into chunks of whole lines. A chunk ends after the last '\n' within the size limit;
/// a line longer than the limit is cut anyway (the parser then reports the pieces), so every call makes progress.
/// Works on any segment shape, which the tests check with one-byte segments.
/// </summary>
internal static class LineChunker
{
    /// <summary>
    /// The end of the next chunk in <paramref name="buffer"/>, or null when more data is needed. With
    /// <paramref name="isFinal"/> the whole remaining buffer forms the last chunk.
    /// </summary>
    public static SequencePosition? NextChunkEnd(ReadOnlySequence<byte> buffer, long maxChunk, bool isFinal)
    {
        if (buffer.IsEmpty)
        {
            return null;
        }

        if (buffer.Length <= maxChunk)
        {
            if (isFinal)
            {
                return buffer.End;
            }

            return null;
        }

        ReadOnlySequence<byte> window = buffer.Slice(0, maxChunk);
        long last = -1;
        long offset = 0;
        foreach (ReadOnlyMemory<byte> segment in window)
        {
            int i = segment.Span.LastIndexOf((byte)'\n');
            if (i >= 0)
            {
                last = offset + i;
            }

            offset += segment.Length;
        }

        return last < 0 ? window.End : buffer.GetPosition(last + 1);
    }
}
