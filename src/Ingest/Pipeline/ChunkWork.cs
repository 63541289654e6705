using TraceLab.Ingest.Text;

namespace TraceLab.Ingest.Pipeline;

/// <summary>
/// A chunk of whole lines on its way to a parser thread. <see cref="Buffer"/> is rented from the chunk pool.
/// <see cref="StartsMidLine"/>: the previous chunk was cut inside an over-long line, whose tail this chunk starts with.
/// </summary>
internal sealed record ChunkWork(long Sequence, int FileIndex, string FileName, TraceFormat Format, byte[] Buffer, int Length,
    long BaseOffset, bool StartsMidLine);
