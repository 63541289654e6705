using System.Buffers;

namespace TraceLab.TestKit;

/// <summary>
/// Builds multi-segment <see cref="ReadOnlySequence{T}"/>s from a byte array, after dotnet/runtime's
/// ReadOnlySequenceFactory: a parser that is right for one segment is often wrong where a line straddles two, or
/// where a segment is empty. Every segment gets its own array, so a parser that reads past a segment's end reads
/// the wrong bytes rather than the right ones by luck.
/// </summary>
public static class SequenceSplits
{
    public static IReadOnlyList<SplitShape> AllShapes { get; } = Enum.GetValues<SplitShape>();

    public static ReadOnlySequence<byte> Create(ReadOnlySpan<byte> bytes, SplitShape shape)
    {
        if (bytes.IsEmpty)
        {
            // The BCL's SequencePipeReader throws InvalidCastException from AdvanceTo when a sequence consists only
            // of empty segments (seen on .NET 10), so empty input is always one empty segment.
            return new ReadOnlySequence<byte>(Array.Empty<byte>());
        }

        return shape switch
        {
            SplitShape.OneSegment => new ReadOnlySequence<byte>(bytes.ToArray()),
            SplitShape.ThreeSegments => FromPieces(SplitInto(bytes, 3)),
            SplitShape.BytePerSegmentWithEmpties => FromPieces(BytePerSegmentWithEmpties(bytes)),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };
    }

    /// <summary>A sequence whose segments are exactly <paramref name="pieces"/> (empty pieces included).</summary>
    public static ReadOnlySequence<byte> FromPieces(IReadOnlyList<byte[]> pieces)
    {
        if (pieces.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new SequenceSegment(pieces[0], 0);
        SequenceSegment last = first;
        for (int i = 1; i < pieces.Count; i++)
        {
            last = last.Append(pieces[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static List<byte[]> SplitInto(ReadOnlySpan<byte> bytes, int count)
    {
        var pieces = new List<byte[]>(count);
        int start = 0;
        for (int i = 0; i < count; i++)
        {
            int end = i == count - 1 ? bytes.Length : (int)((long)bytes.Length * (i + 1) / count);
            pieces.Add(bytes[start..end].ToArray());
            start = end;
        }

        return pieces;
    }

    private static List<byte[]> BytePerSegmentWithEmpties(ReadOnlySpan<byte> bytes)
    {
        var pieces = new List<byte[]>((bytes.Length * 2) + 1) { Array.Empty<byte>() };
        foreach (byte b in bytes)
        {
            pieces.Add([b]);
            pieces.Add(Array.Empty<byte>());
        }

        return pieces;
    }
}
