using System.IO.Compression;

namespace TraceLab.Ingest.Pipeline;

/// <summary>Opens an input: a path or <c>-</c> for stdin, gzip-compressed or not (told by magic bytes, whatever the name).</summary>
internal static class InputSource
{
    public const string Stdin = "-";

    public static Stream Open(string path)
    {
        if (path == Stdin)
        {
            // stdin cannot seek back after the magic is read: the peeked bytes go back in front of the stream.
            Stream stdin = Console.OpenStandardInput(1 << 20);
            byte[] head = new byte[2];
            int got = stdin.ReadAtLeast(head, 2, throwOnEndOfStream: false);
            var whole = new PrefixedStream(head.AsMemory(0, got), stdin);
            return got == 2 && head[0] == 0x1f && head[1] == 0x8b
                ? new GZipStream(whole, CompressionMode.Decompress, leaveOpen: false)
                : whole;
        }

        var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });
        Span<byte> magic = stackalloc byte[2];
        int n = file.Read(magic);
        file.Position = 0;
        if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new GZipStream(new BufferedStream(file, 1 << 20), CompressionMode.Decompress, leaveOpen: false);
        }

        return file;
    }

    /// <summary>The input's size in bytes when known (for progress), else -1.</summary>
    public static long KnownLength(string path)
    {
        if (path == Stdin)
        {
            return -1;
        }

        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
