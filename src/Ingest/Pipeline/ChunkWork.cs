using TraceLab.Ingest.Text;

namespace TraceLab.Ingest.Pipeline;

/// <summary>A chunk of whole lines on its way to a parser thread. <see cref="Buffer"/> is rented from the array pool.</summary>
internal sealed record ChunkWork(long Sequence, int FileIndex, string FileName, TraceFormat Format, byte[] Buffer, int Length, long BaseOffset);
