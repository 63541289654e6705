namespace TraceLab.TestKit;

/// <summary>How <see cref="SequenceSplits"/> cuts a buffer into segments (dotnet/runtime's ReadOnlySequenceFactory shapes).</summary>
public enum SplitShape
{
    /// <summary>One segment: the fast path every parser takes first.</summary>
    OneSegment,

    /// <summary>Three segments of roughly equal size: lines straddle two boundaries.</summary>
    ThreeSegments,

    /// <summary>One byte per segment with an empty segment between every two: every boundary case at once.</summary>
    BytePerSegmentWithEmpties,
}
