using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TraceLab.Ingest.Text;

namespace TraceLab.Ingest.Chunks;

/// <summary>
/// A wrapped event waiting for its next line: either a header whose event is on the next line, or an event whose
/// payload stopped mid-field. Holds positions into the chunk (which stays alive for the whole parse), not copies.
/// </summary>
internal struct PendingEvent
{
    public bool Active;
    public bool HeaderOnly;
    public long Line;
    public int LineStart;
    public int LineLength;
    public int TaskPos;
    public int TaskLength;
    public int EventPos;
    public int EventLength;
    public int PayloadPos;
    public int PayloadLength;
    public int Tid;
    public int Tgid;
    public int Cpu;
    public bool HasTimestamp;
    public bool TimestampIsCounter;
    public long Timestamp;

    public static PendingEvent FromHeader(in TraceLine f, ReadOnlySpan<byte> chunk, int linePos, long lineNo, int lineLength)
    {
        var p = new PendingEvent { Active = true, HeaderOnly = true, Line = lineNo, LineStart = linePos, LineLength = lineLength };
        p.SetHeaderPositions(in f, chunk);
        return p;
    }

    public static PendingEvent ForIncompletePayload(long lineNo) => new() { Active = true, Line = lineNo };

    /// <summary>Records the header fields of <paramref name="f"/>, whose spans point into <paramref name="chunk"/>.</summary>
    public void SetHeaderPositions(in TraceLine f, ReadOnlySpan<byte> chunk)
    {
        TaskPos = OffsetOf(chunk, f.Task);
        TaskLength = f.Task.Length;
        EventPos = OffsetOf(chunk, f.Event);
        EventLength = f.Event.Length;
        Tid = f.Tid;
        Tgid = f.Tgid;
        Cpu = f.Cpu;
        HasTimestamp = f.HasTimestamp;
        TimestampIsCounter = f.TimestampIsCounter;
        Timestamp = f.Timestamp;
    }

    /// <summary>The header fields as a line (event and payload left for the caller to fill).</summary>
    public readonly TraceLine Header(ReadOnlySpan<byte> chunk) => new()
    {
        Task = chunk.Slice(TaskPos, TaskLength),
        Tid = Tid,
        Tgid = Tgid,
        Cpu = Cpu,
        HasTimestamp = HasTimestamp,
        TimestampIsCounter = TimestampIsCounter,
        Timestamp = Timestamp,
    };

    private static int OffsetOf(ReadOnlySpan<byte> chunk, ReadOnlySpan<byte> part)
    {
        if (part.IsEmpty)
        {
            return 0;
        }

        return (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(chunk), ref MemoryMarshal.GetReference(part));
    }
}
