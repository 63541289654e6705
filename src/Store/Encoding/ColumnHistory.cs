namespace TraceLab.Store.Encoding;

/// <summary>
/// What <see cref="ColumnEncoder"/> learned about one column from its earlier chunks. Columns keep their character
/// from one row group to the next (timestamps stay delta-coded, a0 a dictionary), so once a full review of a chunk
/// has chosen, the next chunks are written straight in its winner, with its factor and patch widths, and the other
/// candidates are not measured at all. A chunk is reviewed in full again every <see cref="ReviewInterval"/>th time,
/// and at once when the winner comes out more than 1/8 larger or smaller per value than at the review: the data
/// changed (larger: the winner may have lost; smaller: another encoding may have gained more). A close call needs no
/// more: whichever encoding it repeats, the other would have been about as large. A writer keeps one per column;
/// without one, every chunk is reviewed.
/// </summary>
internal sealed class ColumnHistory
{
    /// <summary>Chunks between full reviews (the review counts as the first).</summary>
    public const int ReviewInterval = 64;

    /// <summary>A winner grown or shrunk by more than 1/this per value since the review calls for a new one...</summary>
    private const int Tolerance = 8;

    /// <summary>... and by more than this many bytes (a constant chunk's 8 bytes over fewer rows is no change).</summary>
    private const int Slack = 64;

    private int _sinceReview;
    private bool _reviewed;
    private ColumnHistory? _inner;

    /// <summary>The encoding the last review chose.</summary>
    public ColumnEncoding Winner { get; private set; }

    /// <summary>The factor and patch widths of the winner's packed stream (the ids' stream for a dictionary).</summary>
    public PackedStreamParameters Parameters { get; private set; }

    /// <summary>
    /// True when the reviewed chunk's values spanned <see cref="DistinctValueSet.DirectRange"/> or more: a dictionary
    /// of them is then built without first reading their extremes.
    /// </summary>
    public bool WideValues { get; private set; }

    /// <summary>The history of the values that are not null, for a column whose winner is <see cref="ColumnEncoding.NullMasked"/>.</summary>
    public ColumnHistory Inner => _inner ??= new ColumnHistory();

    /// <summary>True when the next chunk may be written in <see cref="Winner"/> without a review.</summary>
    public bool CanRepeat => _reviewed && _sinceReview < ReviewInterval;

    private double BytesPerValue { get; set; }

    /// <summary>Records a full review: its winner, with the parameters of its packed stream and its size, and the values' extremes.</summary>
    public void Reviewed(ColumnEncoding winner, PackedStreamParameters parameters, long size, int rows, long min, long max)
    {
        Winner = winner;
        Parameters = parameters;
        WideValues = (ulong)unchecked(max - min) >= DistinctValueSet.DirectRange;
        BytesPerValue = (double)size / rows;
        _reviewed = true;
        _sinceReview = 1;
    }

    /// <summary>
    /// Records a chunk written in the winner without a review; false when its size per value moved so far from the
    /// review's that the chunk should be reviewed after all.
    /// </summary>
    public bool Repeated(long size, int rows)
    {
        double expected = BytesPerValue * rows;
        if (Math.Abs(size - expected) > (expected / Tolerance) + Slack)
        {
            _reviewed = false;
            return false;
        }

        _sinceReview++;
        return true;
    }
}
