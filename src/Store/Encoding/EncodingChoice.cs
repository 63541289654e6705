namespace TraceLab.Store.Encoding;

/// <summary>What <see cref="ColumnEncoder"/> measured as the best encoding of some values: the encoding and its exact payload size.</summary>
internal readonly record struct EncodingChoice(ColumnEncoding Encoding, long Size);
