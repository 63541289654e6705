namespace TraceLab.Store;

/// <summary>
/// Fixed facts of the .tlab layout (docs/store-format.md). The 32-byte header layout (magic, version, minimum reader
/// version, checksum at byte 28) and the 32-byte trailer are frozen across versions so that every reader, old or
/// new, can at least tell what it is looking at.
/// </summary>
internal static class StoreFormat
{
    /// <summary>
    /// The version this code writes, also written as the minimum reader version: version 2 added the null-masked
    /// encoding and patched blocks, which a version 1 reader would reject as damaged.
    /// </summary>
    public const ushort Version = 2;

    /// <summary>
    /// The newest version this code reads (a file whose minimum reader version is higher is refused). Version 1 files
    /// are read too: their chunks are valid version 2 chunks that use none of the additions.
    /// </summary>
    public const ushort ReadableVersion = 2;

    public const int HeaderSize = 32;

    public const int TrailerSize = 32;

    /// <summary>Rows per row group the writer accepts and the reader believes (a Raw chunk of this many rows is 128 MiB).</summary>
    public const int MaxRowGroupRows = 1 << 24;

    /// <summary>
    /// "\x89TLB\r\n\x1A\n", PNG's trick: the high byte catches 7-bit transfers, CR LF and LF catch line-ending
    /// conversion, and 0x1A stops DOS-era <c>type</c>. Starts the header and ends the trailer.
    /// </summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'T', (byte)'L', (byte)'B', 0x0D, 0x0A, 0x1A, 0x0A];
}
