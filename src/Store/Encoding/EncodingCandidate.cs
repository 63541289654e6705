namespace TraceLab.Store.Encoding;

/// <summary>
/// The best encoding <see cref="ColumnEncoder"/> has found so far for a chunk, and the score another must beat: its
/// size, or for Raw its size less the 1/32 another encoding must save (Raw decodes as a plain copy).
/// </summary>
internal readonly record struct EncodingCandidate(EncodingChoice Choice, long Score)
{
    /// <summary>
    /// This or <paramref name="other"/>, whichever is smaller. On equal size the encoding with the lower number wins,
    /// the one with the simpler decode (frame of reference, then delta, then dictionary); Raw must be beaten outright.
    /// </summary>
    public EncodingCandidate Or(EncodingChoice other) =>
        other.Size < Score || (other.Size == Score && Choice.Encoding != ColumnEncoding.Raw && other.Encoding < Choice.Encoding)
            ? new EncodingCandidate(other, other.Size)
            : this;
}
