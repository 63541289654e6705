using System.Buffers;
using TraceLab.Ingest.Chunks;
using TraceLab.Ingest.Text;

namespace TraceLab.Ingest.Pipeline;

/// <summary>
/// Cuts a pipe's buffered bytes into chunks of whole lines. A chunk ends after the last '\n' within the size limit,
/// but never right after a line that may continue on the next one (a mail-wrapped event), so both halves reach the
/// same parser. A line longer than the limit is cut anyway (the next chunk then starts mid-line and the parser
/// does not count the piece as a new line), so every call makes progress. Works on any segment shape, which the
/// tests check with one-byte segments.
/// </summary>
internal static class LineChunker
{
    /// <summary>
    /// Longest line examined for wrapping (longer ones are never taken for half of a wrapped event). A chunk may run
    /// past the size limit by at most this much twice over, to keep a wrapped pair together.
    /// </summary>
    public const int MaxWrapCheck = 4096;

    /// <summary>
    /// The end of the next chunk in <paramref name="buffer"/>, or null when more data is needed. With
    /// <paramref name="isFinal"/> the whole remaining buffer forms the last chunk. <paramref name="cutMidLine"/>
    /// says the chunk ends inside a line longer than <paramref name="maxChunk"/>.
    /// </summary>
    public static SequencePosition? NextChunkEnd(ReadOnlySequence<byte> buffer, long maxChunk, bool isFinal,
        TraceFormat format, out bool cutMidLine)
    {
        cutMidLine = false;
        if (buffer.IsEmpty)
        {
            return null;
        }

        if (buffer.Length <= maxChunk)
        {
            return isFinal ? buffer.End : null;
        }

        ReadOnlySequence<byte> window = buffer.Slice(0, maxChunk);
        long last = LastNewline(window, window.Length);
        if (last < 0)
        {
            cutMidLine = true;
            return window.End;
        }

        // The window's final complete line: if it may continue, end the chunk before it instead.
        long previous = LastNewline(window, last);
        long lineStart = previous + 1;
        long lineLength = last - lineStart;
        if (previous >= 0 && lineLength <= MaxWrapCheck)
        {
            ReadOnlySequence<byte> line = window.Slice(lineStart, lineLength);
            bool mayContinue = line.IsSingleSegment
                ? WrapDetector.MayContinue(line.FirstSpan, format)
                : WrapDetector.MayContinue(line.ToArray(), format);
            if (mayContinue)
            {
                return buffer.GetPosition(lineStart);
            }
        }
        else if (previous < 0 && lineLength <= MaxWrapCheck && WrapDetector.MayContinue(window.Slice(0, last).ToArray(), format))
        {
            // The wrapped head is the window's only line: take its continuation into this chunk too.
            ReadOnlySequence<byte> after = buffer.Slice(last + 1);
            ReadOnlySequence<byte> probe = after.Length > MaxWrapCheck ? after.Slice(0, MaxWrapCheck) : after;
            if (probe.PositionOf((byte)'\n') is { } nl)
            {
                return buffer.GetPosition(1, nl);
            }

            if (after.Length <= MaxWrapCheck)
            {
                return isFinal ? buffer.End : null;
            }
        }

        return buffer.GetPosition(last + 1);
    }

    /// <summary>Offset of the last '\n' before <paramref name="limit"/>, or -1.</summary>
    private static long LastNewline(ReadOnlySequence<byte> window, long limit)
    {
        long last = -1;
        long offset = 0;
        foreach (ReadOnlyMemory<byte> segment in window.Slice(0, limit))
        {
            int i = segment.Span.LastIndexOf((byte)'\n');
            if (i >= 0)
            {
                last = offset + i;
            }

            offset += segment.Length;
        }

        return last;
    }
}
