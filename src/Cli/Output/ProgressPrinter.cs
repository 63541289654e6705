using TraceLab.Ingest.Pipeline;

namespace TraceLab.Cli.Output;

/// <summary>
/// Shows ingest progress (bytes, events/s, ETA) on stderr, only when stderr is a terminal, at most five times a
/// second, on one line that is cleared when done.
/// </summary>
internal sealed class ProgressPrinter : IProgress<IngestProgress>
{
    private static bool s_printed;
    private TimeSpan _lastPrint = TimeSpan.MinValue;

    public static IProgress<IngestProgress>? ForStderr() => Console.IsErrorRedirected ? null : new ProgressPrinter();

    public static void Clear()
    {
        if (s_printed)
        {
            Console.Error.Write("\r\u001b[2K");
            s_printed = false;
        }
    }

    public void Report(IngestProgress value)
    {
        if (value.Elapsed - _lastPrint < TimeSpan.FromMilliseconds(200))
        {
            return;
        }

        _lastPrint = value.Elapsed;
        double seconds = Math.Max(value.Elapsed.TotalSeconds, 1e-6);
        string eta = "";
        if (value.BytesTotal > 0 && value.BytesDone > 0)
        {
            double remaining = (value.BytesTotal - value.BytesDone) / (value.BytesDone / seconds);
            eta = $", ETA {Math.Max(0, remaining):0}s";
        }

        string total = value.BytesTotal > 0 ? " / " + Units.Bytes(value.BytesTotal) : "";
        Console.Error.Write($"\r\u001b[2K{Path.GetFileName(value.File)}: {Units.Bytes(value.BytesDone)}{total}, {Units.Count(value.Events / seconds)} events/s{eta}");
        s_printed = true;
    }
}
