namespace TraceLab.Ingest.Pipeline;

/// <summary>A progress report: how far ingest has got.</summary>
/// <param name="File">Input being read.</param>
/// <param name="BytesDone">Input bytes merged so far (all files).</param>
/// <param name="BytesTotal">Total input bytes when known (all files), else -1.</param>
/// <param name="Events">Events merged so far.</param>
/// <param name="Elapsed">Time since ingest started.</param>
public readonly record struct IngestProgress(string File, long BytesDone, long BytesTotal, long Events, TimeSpan Elapsed);
