namespace TraceLab.Store;

/// <summary>Location and CRC-32C of a byte range in the file: a string pool or the metadata JSON.</summary>
internal readonly record struct BlobEntry(long Offset, int Length, uint Checksum);
