namespace TraceLab.Store.Encoding;

/// <summary>What <see cref="ColumnEncoder.Encode"/> chose: the encoding, the chunk's value range and its payload length.</summary>
internal readonly record struct EncodedColumn(ColumnEncoding Encoding, long Min, long Max, int Length);
