using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using TraceLab.Store.Encoding;
using TraceLab.Store.Metadata;

namespace TraceLab.Store;

/// <summary>
/// Reads and checks what <see cref="StoreReader.Open"/> needs before any column: header, trailer, footer and
/// metadata. The checks run in the order that gives the most useful message: not a store at all, then a damaged
/// header, then a newer version, then a missing or damaged footer.
/// </summary>
internal static class StoreOpener
{
    public static (StoreFooter Footer, StoreMetadata Metadata, int Version) ReadIndex(string path, SafeFileHandle handle)
    {
        long length = RandomAccess.GetLength(handle);
        int version = ReadHeader(path, handle, length);
        if (length < StoreFormat.HeaderSize + StoreFormat.TrailerSize)
        {
            throw StoreFormatException.Corrupt(path, $"the file is {length} bytes, too short to hold the footer (was the write interrupted?)");
        }

        Span<byte> trailer = stackalloc byte[StoreFormat.TrailerSize];
        ReadExact(handle, path, length - StoreFormat.TrailerSize, trailer);
        if (!trailer[24..].SequenceEqual(StoreFormat.Magic))
        {
            throw StoreFormatException.Corrupt(path, "the end-of-file marker is missing (the file was cut short or the write did not finish)");
        }

        long footerOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer);
        long footerLength = BinaryPrimitives.ReadInt64LittleEndian(trailer[8..]);
        uint footerChecksum = BinaryPrimitives.ReadUInt32LittleEndian(trailer[16..]);
        long footerEnd = length - StoreFormat.TrailerSize;
        if (footerOffset < StoreFormat.HeaderSize || footerLength < 0 || footerLength > int.MaxValue ||
            footerOffset != footerEnd - footerLength)
        {
            throw StoreFormatException.Corrupt(path, "the trailer's footer position does not match the file length");
        }

        var footerBytes = new byte[footerLength];
        ReadExact(handle, path, footerOffset, footerBytes);
        if (Crc32C.Compute(footerBytes) != footerChecksum)
        {
            throw StoreFormatException.Corrupt(path, "footer checksum mismatch");
        }

        StoreFooter footer = FooterParser.Parse(footerBytes, footerOffset, path);
        return (footer, ReadMetadata(path, handle, footer.Metadata), version);
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; running out of file is corruption.</summary>
    public static void ReadExact(SafeFileHandle handle, string path, long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw StoreFormatException.Corrupt(path, $"the file ends at byte {offset}, inside data the footer points to");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    private static int ReadHeader(string path, SafeFileHandle handle, long length)
    {
        Span<byte> header = stackalloc byte[StoreFormat.HeaderSize];
        int read = RandomAccess.Read(handle, header, 0);
        while (read < header.Length && read < length)
        {
            int more = RandomAccess.Read(handle, header[read..], read);
            if (more == 0)
            {
                break;
            }

            read += more;
        }

        if (read < StoreFormat.Magic.Length || !header[..StoreFormat.Magic.Length].SequenceEqual(StoreFormat.Magic))
        {
            throw StoreFormatException.NotAStore(path, length == 0 ? "the file is empty" : "it does not start with the TraceLab magic bytes");
        }

        if (read < StoreFormat.HeaderSize)
        {
            throw StoreFormatException.Corrupt(path, $"the file is {length} bytes, shorter than the {StoreFormat.HeaderSize}-byte header");
        }

        if (Crc32C.Compute(header[..28]) != BinaryPrimitives.ReadUInt32LittleEndian(header[28..]))
        {
            throw StoreFormatException.Corrupt(path, "header checksum mismatch");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        ushort minReaderVersion = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        if (minReaderVersion > StoreFormat.ReadableVersion)
        {
            throw StoreFormatException.NewerVersion(path, version);
        }

        return version;
    }

    private static StoreMetadata ReadMetadata(string path, SafeFileHandle handle, BlobEntry blob)
    {
        if (blob.Length == 0)
        {
            return new StoreMetadata();
        }

        var json = new byte[blob.Length];
        ReadExact(handle, path, blob.Offset, json);
        if (Crc32C.Compute(json) != blob.Checksum)
        {
            throw StoreFormatException.Corrupt(path, "checksum mismatch in the metadata");
        }

        try
        {
            return JsonSerializer.Deserialize(json, StoreJsonContext.Default.StoreMetadata)
                ?? throw StoreFormatException.Corrupt(path, "the metadata is JSON null");
        }
        catch (JsonException e)
        {
            throw StoreFormatException.Corrupt(path, $"the metadata is not valid JSON ({e.Message})", e);
        }
    }
}
