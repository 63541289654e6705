namespace TraceLab.Store;

/// <summary>
/// A file could not be read as a TraceLab store: it is not one, a newer TraceLab wrote it, or it is truncated or
/// corrupt. The message names the file and what is wrong. Every malformed file produces this exception and no other.
/// </summary>
public sealed class StoreFormatException : IOException
{
    public StoreFormatException()
    {
    }

    public StoreFormatException(string message)
        : base(message)
    {
    }

    public StoreFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Path of the offending file, when known.</summary>
    public string? FilePath { get; private init; }

    internal static StoreFormatException NotAStore(string path, string detail) =>
        new($"'{path}' is not a TraceLab store ({detail}).") { FilePath = path };

    internal static StoreFormatException NewerVersion(string path, int version) =>
        new($"'{path}' was written by a newer format version {version}; this TraceLab reads format versions up to " +
            $"{StoreFormat.ReadableVersion}. Upgrade TraceLab to read it.") { FilePath = path };

    internal static StoreFormatException Corrupt(string path, string detail, Exception? inner = null) =>
        inner is null
            ? new($"'{path}' is truncated or corrupt: {detail}.") { FilePath = path }
            : new($"'{path}' is truncated or corrupt: {detail}.", inner) { FilePath = path };
}
