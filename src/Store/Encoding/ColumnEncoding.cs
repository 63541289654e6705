namespace TraceLab.Store.Encoding;

/// <summary>
/// How one column chunk (one column of one row group) is stored. The numeric values are written to the file's
/// footer and must never change; docs/store-format.md gives the exact byte layout of each. The packed encodings
/// (frame of reference, delta, dictionary) may contain patched blocks from format version 2 on.
/// </summary>
public enum ColumnEncoding : byte
{
    /// <summary>Little-endian 64-bit values: the fallback for data nothing else can shrink.</summary>
    Raw = 0,

    /// <summary>Every row holds the same value; the chunk stores it once.</summary>
    Constant = 1,

    /// <summary>Values minus a per-block base, bit-packed with a per-block width.</summary>
    FrameOfReference = 2,

    /// <summary>The first value, then differences between neighbours packed like <see cref="FrameOfReference"/>.</summary>
    Delta = 3,

    /// <summary>A sorted dictionary of the distinct values, then per-row dictionary ids packed like <see cref="FrameOfReference"/>.</summary>
    Dictionary = 4,

    /// <summary>
    /// A bitmap of the rows that are not -1 (the schema's "none"), then those rows' values in one of the encodings above.
    /// Format version 2 and later.
    /// </summary>
    NullMasked = 5,
}
