using TraceLab.Ingest.Issues;
using TraceLab.Store;

namespace TraceLab.Ingest.Chunks;

/// <summary>
/// What a <see cref="ChunkParser"/> made of one chunk of lines: event rows with chunk-local string ids and
/// chunk-relative line numbers, the local string tables, and the chunk's issues. The merge step makes them global.
/// </summary>
internal sealed class ParsedChunk
{
    public ParsedChunk(long sequence) => Sequence = sequence;

    /// <summary>Position of the chunk in its input (0, 1, 2, ...): chunks are merged in this order.</summary>
    public long Sequence { get; }

    /// <summary>Event rows (EventColumns schema); task/name ids index <see cref="Tasks"/>/<see cref="Names"/>, lines are 1-based within the chunk.</summary>
    public List<ColumnBatch> Batches { get; } = [];

    public ByteStringTable Tasks { get; } = new();

    public ByteStringTable Names { get; } = new();

    /// <summary>Printed texts of exit reasons no table knows; exits carry <c>UnknownNameBase + id</c> as their code.</summary>
    public ByteStringTable UnknownReasons { get; } = new();

    public IssueCollector Issues { get; } = new();

    /// <summary>Lines in the chunk (so the next chunk's line numbers can be shifted).</summary>
    public long LineCount { get; set; }

    public long Bytes { get; set; }

    /// <summary>The chunk had sec.usec (ns) timestamps.</summary>
    public bool SawNanoseconds { get; set; }

    /// <summary>The chunk had bare counter timestamps.</summary>
    public bool SawCounter { get; set; }

    public long EventCount
    {
        get
        {
            long n = 0;
            foreach (ColumnBatch b in Batches)
            {
                n += b.Count;
            }

            return n;
        }
    }
}
