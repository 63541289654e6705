using System.Collections.Immutable;
using Microsoft.Win32.SafeHandles;
using TraceLab.Store.Encoding;
using TraceLab.Store.Metadata;

namespace TraceLab.Store;

/// <summary>
/// An open .tlab store. <see cref="Open"/> reads only the header, the trailer, the footer (the index of every chunk)
/// and the metadata JSON, checking each against its checksum; columns are read and decoded when asked for, with
/// positioned reads that are safe from several threads. Any malformed file raises <see cref="StoreFormatException"/>.
/// </summary>
public sealed class StoreReader : ITraceStore
{
    private readonly SafeFileHandle _handle;
    private readonly StoreFooter _footer;
    private readonly Dictionary<string, TableReader> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<string>> _pools = new(StringComparer.Ordinal);
    private readonly Lock _poolLock = new();

    private StoreReader(string path, SafeFileHandle handle, StoreFooter footer, StoreMetadata metadata, int formatVersion)
    {
        Path = path;
        _handle = handle;
        _footer = footer;
        Metadata = metadata;
        FormatVersion = formatVersion;
        var tables = new TableReader[footer.Tables.Count];
        for (int t = 0; t < tables.Length; t++)
        {
            RowGroupEntry[] groups = footer.RowGroups.Where(g => g.Table == t).ToArray();
            tables[t] = new TableReader(this, footer.Tables[t], groups);
            _tables.Add(tables[t].Schema.Name, tables[t]);
        }

        Tables = tables;
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>The format version that wrote the file.</summary>
    public int FormatVersion { get; }

    public StoreMetadata Metadata { get; }

    /// <summary>The tables in the order they were first written.</summary>
    public IReadOnlyList<TableReader> Tables { get; }

    /// <summary>Opens a store; throws <see cref="StoreFormatException"/> when the file is not a valid store.</summary>
    public static StoreReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        // No FileOptions.RandomAccess: analysis scans row groups mostly in file order and profits from readahead.
        SafeFileHandle handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            (StoreFooter footer, StoreMetadata metadata, int version) = StoreOpener.ReadIndex(fullPath, handle);
            return new StoreReader(fullPath, handle, footer, metadata, version);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="path"/> starts with the store's magic bytes. Reads 8 bytes; never throws for a missing or unreadable path.</summary>
    public static bool IsStore(string path)
    {
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> magic = stackalloc byte[8];
            int read = RandomAccess.Read(handle, magic, 0);
            return read == magic.Length && magic.SequenceEqual(StoreFormat.Magic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The named table (a <see cref="TableReader"/>), or null when the store has none.</summary>
    public ITableSource? GetTable(string name) => _tables.GetValueOrDefault(name);

    /// <summary>The named string pool, decoded on first use; empty when the store has none of that name.</summary>
    public IReadOnlyList<string> GetStringPool(string name)
    {
        lock (_poolLock)
        {
            if (_pools.TryGetValue(name, out ImmutableArray<string> cached))
            {
                return cached;
            }

            int index = _footer.StringPools.FindIndex(p => string.Equals(p.Name, name, StringComparison.Ordinal));
            if (index < 0)
            {
                return ImmutableArray<string>.Empty;
            }

            byte[] bytes = ReadBlob(_footer.StringPools[index].Blob, $"string pool '{name}'");
            ImmutableArray<string> pool = StringPoolCodec.TryRead(bytes)
                ?? throw StoreFormatException.Corrupt(Path, $"string pool '{name}' is malformed");
            _pools.Add(name, pool);
            return pool;
        }
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; a short file is corruption (or truncation since opening).</summary>
    internal void ReadExact(long offset, Span<byte> destination) => StoreOpener.ReadExact(_handle, Path, offset, destination);

    private byte[] ReadBlob(BlobEntry blob, string what)
    {
        var bytes = new byte[blob.Length];
        ReadExact(blob.Offset, bytes);
        if (Crc32C.Compute(bytes) != blob.Checksum)
        {
            throw StoreFormatException.Corrupt(Path, $"checksum mismatch in {what}");
        }

        return bytes;
    }
}
