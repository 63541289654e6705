namespace TraceLab.Store.Encoding;

/// <summary>
/// What <see cref="ColumnEncoder"/> measured as the best encoding of some values: the encoding, its exact payload size,
/// and for a dictionary the number of distinct values.
/// </summary>
internal readonly record struct EncodingChoice(ColumnEncoding Encoding, long Size, int Distinct = -1);
