namespace TraceLab.Store;

/// <summary>A string pool as the footer indexes it.</summary>
internal readonly record struct StringPoolEntry(string Name, BlobEntry Blob);
