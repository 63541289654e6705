using System.Buffers;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.TestKitTests;

/// <summary>The segment shapes must hold exactly the input bytes, in the promised number of segments.</summary>
public sealed class SequenceSplitsTests
{
    [Theory]
    [InlineData(SplitShape.OneSegment, 1)]
    [InlineData(SplitShape.ThreeSegments, 3)]
    [InlineData(SplitShape.BytePerSegmentWithEmpties, 21)]
    public void Shapes_keep_the_bytes_and_cut_them_as_promised(SplitShape shape, int segments)
    {
        byte[] bytes = "0123456789"u8.ToArray();
        ReadOnlySequence<byte> sequence = SequenceSplits.Create(bytes, shape);
        Assert.Equal(bytes, sequence.ToArray());
        int count = 0;
        foreach (ReadOnlyMemory<byte> segment in sequence)
        {
            Assert.True(shape != SplitShape.BytePerSegmentWithEmpties || segment.Length == count % 2, "odd segments hold one byte, even ones are empty");
            count++;
        }

        Assert.Equal(segments, count);
    }

    [Fact]
    public void Empty_input_is_one_empty_segment_whatever_the_shape()
    {
        Assert.All(SequenceSplits.AllShapes, shape => Assert.True(SequenceSplits.Create([], shape).IsSingleSegment));
    }
}
