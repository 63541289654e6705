using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using TraceLab.Store.Encoding;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;

namespace TraceLab.Store;

/// <summary>
/// Writes a .tlab store (docs/store-format.md). Everything goes to a temporary file beside the target;
/// <see cref="Commit"/> seals it with the footer, flushes it to disk and renames it over the target in one step, so
/// readers see either the old store or the complete new one, never a partial file. Disposing without committing
/// deletes the temporary file and leaves any existing store untouched. Not thread-safe: call from one thread.
/// </summary>
public sealed class StoreWriter : IDisposable
{
    private readonly string _path;
    private readonly string _tempPath;
    private readonly ColumnEncoder _encoder = new();
    private readonly StoreFooter _footer = new();
    private readonly Dictionary<string, int> _tableIndex = new(StringComparer.Ordinal);
    private readonly List<long> _tableRows = [];

    /// <summary>Per table, per column: what the encoder learned from the column's earlier row groups.</summary>
    private readonly List<ColumnHistory[]> _histories = [];
    private FileStream? _stream;
    private long _position;
    private bool _metadataWritten;
    private bool _committed;
    private bool _failed;

    private StoreWriter(string path, string tempPath, FileStream stream)
    {
        _path = path;
        _tempPath = tempPath;
        _stream = stream;
    }

    /// <summary>The store's final path.</summary>
    public string Path => _path;

    /// <summary>Starts a store that will replace <paramref name="path"/> on <see cref="Commit"/>.</summary>
    public static StoreWriter Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = System.IO.Path.GetFullPath(path);

        // Same directory as the target, so the final rename never crosses file systems; pid and a random suffix keep
        // concurrent writers (and leftovers of crashed ones) apart.
        string tempPath = $"{fullPath}.tmp-{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        var writer = new StoreWriter(fullPath, tempPath, stream);
        try
        {
            writer.WriteHeader();
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        return writer;
    }

    /// <summary>
    /// Appends <c>batch.Count</c> rows of <c>batch.Schema</c>'s table as one row group. The table is registered on its
    /// first batch (an empty batch registers it without rows); batches of several tables may interleave.
    /// </summary>
    public void WriteRowGroup(ColumnBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfNotWritable();
        if (batch.Count > StoreFormat.MaxRowGroupRows)
        {
            throw new ArgumentException($"A row group holds at most {StoreFormat.MaxRowGroupRows} rows; this batch has {batch.Count}.", nameof(batch));
        }

        int table = RegisterTable(batch.Schema);
        if (batch.Count == 0)
        {
            return;
        }

        Guarded(() =>
        {
            var chunks = new ColumnChunkInfo[batch.Schema.Columns.Length];
            for (int c = 0; c < chunks.Length; c++)
            {
                EncodedColumn encoded = _encoder.Encode(batch.Rows(c), _histories[table][c]);
                ReadOnlySpan<byte> payload = _encoder.Payload;
                chunks[c] = new ColumnChunkInfo(_position, encoded.Length, encoded.Encoding, encoded.Min, encoded.Max, Crc32C.Compute(payload));
                WriteBytes(payload);
            }

            _footer.RowGroups.Add(new RowGroupEntry(table, _tableRows[table], batch.Count, chunks));
            _tableRows[table] += batch.Count;
        });
    }

    /// <summary>Writes a string pool (see <see cref="StringPools"/> for the names TraceLab uses); each name once.</summary>
    public void WriteStringPool(string name, IReadOnlyList<string> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        ThrowIfNotWritable();
        if (_footer.StringPools.Exists(p => string.Equals(p.Name, name, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"String pool '{name}' was already written.");
        }

        var buffer = new ByteBuffer();
        StringPoolCodec.Write(values, buffer);
        Guarded(() => _footer.StringPools.Add(new StringPoolEntry(name, WriteBlob(buffer.Written))));
    }

    /// <summary>Writes the metadata as JSON; at most once.</summary>
    public void WriteMetadata(StoreMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ThrowIfNotWritable();
        if (_metadataWritten)
        {
            throw new InvalidOperationException("The metadata was already written.");
        }

        byte[] json = JsonSerializer.SerializeToUtf8Bytes(metadata, StoreJsonContext.Default.StoreMetadata);
        Guarded(() => _footer.Metadata = WriteBlob(json));
        _metadataWritten = true;
    }

    /// <summary>
    /// Writes the footer, flushes the file to disk and renames it over the target path. Only now is an existing store
    /// at that path replaced. The writer cannot be used afterwards.
    /// </summary>
    public void Commit()
    {
        ThrowIfNotWritable();
        Guarded(() =>
        {
            var footer = new ByteBuffer();
            FooterWriter.Write(_footer, footer);
            long footerOffset = _position;
            WriteBytes(footer.Written);
            WriteTrailer(footerOffset, footer.Written);

            // Data and footer must be durable before the rename makes them visible under the real name; otherwise a
            // crash could leave a renamed but empty or partial file in place of the old store.
            _stream!.Flush(flushToDisk: true);
            _stream.Dispose();
            _stream = null;
            File.Move(_tempPath, _path, overwrite: true);
        });
        _committed = true;
    }

    /// <summary>Closes the writer. Without <see cref="Commit"/>, deletes the temporary file; the target stays as it was.</summary>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
        if (!_committed)
        {
            try
            {
                File.Delete(_tempPath);
            }
            catch (IOException)
            {
                // Best effort: a leftover "*.tmp-<pid>-<hex>" file is harmless and recognisable.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private int RegisterTable(TableSchema schema)
    {
        if (_tableIndex.TryGetValue(schema.Name, out int index))
        {
            TableSchema registered = _footer.Tables[index];
            if (!ReferenceEquals(registered, schema) && !SameColumns(registered, schema))
            {
                throw new ArgumentException($"Table '{schema.Name}' was registered with different columns.", nameof(schema));
            }

            return index;
        }

        if (schema.Columns.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"Table '{schema.Name}' has no columns.", nameof(schema));
        }

        index = _footer.Tables.Count;
        _footer.Tables.Add(schema);
        _tableRows.Add(0);
        _histories.Add([.. schema.Columns.Select(_ => new ColumnHistory())]);
        _tableIndex.Add(schema.Name, index);
        return index;
    }

    private static bool SameColumns(TableSchema a, TableSchema b) =>
        a.Columns.Length == b.Columns.Length &&
        a.Columns.Select(c => c.Name).SequenceEqual(b.Columns.Select(c => c.Name), StringComparer.Ordinal);

    private void WriteHeader()
    {
        Span<byte> header = stackalloc byte[StoreFormat.HeaderSize];
        header.Clear();
        StoreFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], StoreFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], StoreFormat.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], Crc32C.Compute(header[..28]));
        WriteBytes(header);
    }

    private void WriteTrailer(long footerOffset, ReadOnlySpan<byte> footer)
    {
        Span<byte> trailer = stackalloc byte[StoreFormat.TrailerSize];
        trailer.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(trailer, footerOffset);
        BinaryPrimitives.WriteInt64LittleEndian(trailer[8..], footer.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[16..], Crc32C.Compute(footer));
        StoreFormat.Magic.CopyTo(trailer[24..]);
        WriteBytes(trailer);
    }

    private BlobEntry WriteBlob(ReadOnlySpan<byte> bytes)
    {
        var entry = new BlobEntry(_position, bytes.Length, Crc32C.Compute(bytes));
        WriteBytes(bytes);
        return entry;
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _stream!.Write(bytes);
        _position += bytes.Length;
    }

    /// <summary>Runs a write; if it throws, the file is in an unknown state and the writer refuses to commit it.</summary>
    private void Guarded(Action write)
    {
        try
        {
            write();
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    private void ThrowIfNotWritable()
    {
        if (_committed || _stream is null)
        {
            throw new ObjectDisposedException(nameof(StoreWriter), "The store was already committed or the writer disposed.");
        }

        if (_failed)
        {
            throw new InvalidOperationException("An earlier write to this store failed; the store cannot be completed.");
        }
    }
}
