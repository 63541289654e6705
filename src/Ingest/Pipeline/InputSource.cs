using System.IO.Compression;

namespace TraceLab.Ingest.Pipeline;

/// <summary>Opens an input: a path, <c>-</c> for stdin, or a gzip file (by magic bytes, whatever its name).</summary>
internal static class InputSource
{
    public const string Stdin = "-";

    public static Stream Open(string path)
    {
        if (path == Stdin)
        {
            return Console.OpenStandardInput(1 << 20);
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
