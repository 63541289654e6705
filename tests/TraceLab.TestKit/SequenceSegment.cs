using System.Buffers;

namespace TraceLab.TestKit;

/// <summary>A linked segment of a crafted <see cref="ReadOnlySequence{T}"/> (the BCL exposes no public one).</summary>
internal sealed class SequenceSegment : ReadOnlySequenceSegment<byte>
{
    public SequenceSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>Appends a segment after this one and returns it.</summary>
    public SequenceSegment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new SequenceSegment(memory, RunningIndex + Memory.Length);
        Next = next;
        return next;
    }
}
