using TraceLab.Ingest.Events;
using TraceLab.Ingest.Issues;
using TraceLab.Ingest.Text;
using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Chunks;

/// <summary>
/// Parses a chunk of whole lines into event rows. Chunks are independent, so two parsers run on two cores; all
/// cross-line state that spans chunks (pairing, attribution, numbering) is left to the ordered merge step.
/// The one piece of cross-line state kept here is a wrapped event: a header whose event follows on the next line,
/// or a payload cut mid-field (mail clients wrap at ~72 columns), which is joined with its continuation.
/// </summary>
internal sealed class ChunkParser
{
    private readonly TraceFormat _format;
    private readonly string _file;
    private readonly Func<ColumnBatch> _newBatch;
    private readonly ExitReasonCache _reasons = new();
    private readonly List<EventKind> _kindByName = [];

    // tid -> task id, direct-mapped: lines of many threads interleave, but a thread's name rarely changes, so a
    // check against the cached name is cheaper than hashing the name on every line.
    private readonly int[] _taskCacheTid = new int[256];
    private readonly int[] _taskCacheId = new int[256];
    private byte[] _joinBuffer = new byte[512];

    public ChunkParser(TraceFormat format, string file, Func<ColumnBatch> newBatch)
    {
        _format = format;
        _file = file;
        _newBatch = newBatch;
    }

    /// <summary>
    /// Parses <paramref name="chunk"/>, whose first byte is at <paramref name="baseOffset"/> in the input. With
    /// <paramref name="startsMidLine"/> the bytes up to the first '\n' are the tail of a line the previous chunk
    /// already counted (and reported): they are skipped and not counted again.
    /// </summary>
    public ParsedChunk Parse(ReadOnlySpan<byte> chunk, long baseOffset, long sequence, bool startsMidLine = false)
    {
        var result = new ParsedChunk(sequence) { Bytes = chunk.Length };
        _kindByName.Clear();
        Array.Fill(_taskCacheTid, int.MinValue);
        ColumnBatch batch = _newBatch();
        result.Batches.Add(batch);
        var pending = default(PendingEvent);
        long lineNo = 0;
        int pos = 0;
        if (startsMidLine)
        {
            int tail = chunk.IndexOf((byte)'\n');
            pos = tail < 0 ? chunk.Length : tail + 1;
        }

        while (pos < chunk.Length)
        {
            int nl = chunk[pos..].IndexOf((byte)'\n');
            int lineEnd = nl < 0 ? chunk.Length : pos + nl;
            ReadOnlySpan<byte> line = chunk[pos..lineEnd];
            lineNo++;
            LineShape shape = TraceLineParser.Parse(line, _format, out TraceLine f);

            if (pending.Active)
            {
                if (TryContinue(ref pending, chunk, shape, in f, line, pos, lineNo, result, ref batch))
                {
                    pos = lineEnd + 1;
                    continue;
                }

                FlushPending(ref pending, chunk, result, ref batch);
            }

            switch (shape)
            {
                case LineShape.Event:
                    HandleEvent(in f, chunk, pos, lineNo, baseOffset, result, ref batch, ref pending);
                    break;
                case LineShape.HeaderOnly:
                    pending = PendingEvent.FromHeader(in f, chunk, pos, lineNo, line.Length);
                    break;
                case LineShape.Truncated:
                    result.Issues.Add(IngestIssueKind.TruncatedLine, _file, lineNo, line.Length + 1, line);
                    AddGap(lineNo, pos, line.Length, baseOffset, result, ref batch);
                    break;
                case LineShape.LostEvents:
                    AddLostEvents(in f, lineNo, pos, line.Length, baseOffset, result, ref batch);
                    result.Issues.Add(IngestIssueKind.LostEvents, _file, lineNo, 1, line);
                    break;
                case LineShape.Unrecognized:
                    result.Issues.Add(IngestIssueKind.UnrecognizedLine, _file, lineNo, FirstColumn(line), line);
                    AddGap(lineNo, pos, line.Length, baseOffset, result, ref batch);
                    break;
                default:
                    break;
            }

            pos = lineEnd + 1;
        }

        if (pending.Active)
        {
            FlushPending(ref pending, chunk, result, ref batch);
        }

        result.LineCount = lineNo;
        return result;

        // The continuation of a wrapped event: the next line carries the event (after a header-only line) or the
        // rest of a payload that stopped mid-field. Anything that parses as a complete event of its own ends it.
        bool TryContinue(ref PendingEvent p, ReadOnlySpan<byte> buffer, LineShape s, in TraceLine line2,
            ReadOnlySpan<byte> raw, int rawPos, long rawLine, ParsedChunk r, ref ColumnBatch b)
        {
            if (p.HeaderOnly)
            {
                if (s != LineShape.Event || line2.Cpu >= 0 || line2.HasTimestamp)
                {
                    return false;
                }

                var joined = p.Header(buffer);
                joined.Event = line2.Event;
                joined.Payload = line2.Payload;
                r.Issues.Add(IngestIssueKind.WrappedLine, _file, p.Line, 1, raw);
                Emit(in joined, p.Line, baseOffset + rawPos + line2.PayloadStart, line2.Payload.Length, r, ref b, allowPending: false, ref p);
                p = default;
                return true;
            }

            if (s != LineShape.Unrecognized)
            {
                return false;
            }

            ReadOnlySpan<byte> tail = raw.Trim((byte)' ').TrimEnd((byte)'\r');
            ReadOnlySpan<byte> head = buffer.Slice(p.PayloadPos, p.PayloadLength);
            int needed = head.Length + 1 + tail.Length;
            if (_joinBuffer.Length < needed)
            {
                _joinBuffer = new byte[Math.Max(needed, _joinBuffer.Length * 2)];
            }

            head.CopyTo(_joinBuffer);
            _joinBuffer[head.Length] = (byte)' ';
            tail.CopyTo(_joinBuffer.AsSpan(head.Length + 1));
            var whole = p.Header(buffer);
            whole.Event = buffer.Slice(p.EventPos, p.EventLength);
            whole.Payload = _joinBuffer.AsSpan(0, needed);
            whole.PayloadStart = p.PayloadPos - p.LineStart;
            r.Issues.Add(IngestIssueKind.WrappedLine, _file, rawLine, 1, raw);
            long payloadLength = rawPos + raw.Length - p.PayloadPos;
            var none = default(PendingEvent);
            Emit(in whole, p.Line, baseOffset + p.PayloadPos, (int)payloadLength, r, ref b, allowPending: false, ref none);
            p = default;
            return true;
        }

        void FlushPending(ref PendingEvent p, ReadOnlySpan<byte> buffer, ParsedChunk r, ref ColumnBatch b)
        {
            // The continuation never came: the event is incomplete. Keep what was decoded (an exit with its reason
            // but no rip is still an exit), and count the cut.
            ReadOnlySpan<byte> text = buffer.Slice(p.LineStart, p.LineLength);
            r.Issues.Add(IngestIssueKind.TruncatedLine, _file, p.Line, p.LineLength + 1, text);
            if (p.HeaderOnly)
            {
                AddGap(p.Line, p.LineStart, p.LineLength, baseOffset, r, ref b);
            }
            if (!p.HeaderOnly)
            {
                var whole = p.Header(buffer);
                whole.Event = buffer.Slice(p.EventPos, p.EventLength);
                whole.Payload = buffer.Slice(p.PayloadPos, p.PayloadLength);
                whole.PayloadStart = p.PayloadPos - p.LineStart;
                var none = default(PendingEvent);
                Emit(in whole, p.Line, baseOffset + p.PayloadPos, p.PayloadLength, r, ref b, allowPending: false, ref none);
            }

            p = default;
        }
    }

    private void HandleEvent(in TraceLine f, ReadOnlySpan<byte> chunk, int linePos, long lineNo, long baseOffset,
        ParsedChunk result, ref ColumnBatch batch, ref PendingEvent pending)
    {
        Emit(in f, lineNo, baseOffset + linePos + f.PayloadStart, f.Payload.Length, result, ref batch, allowPending: true, ref pending);
        if (pending.Active)
        {
            // Emit decided the payload was cut mid-field: remember where the line's pieces are.
            pending.LineStart = linePos;
            pending.LineLength = chunk[linePos..].IndexOf((byte)'\n') is int n and >= 0 ? n : chunk.Length - linePos;
            pending.PayloadPos = linePos + f.PayloadStart;
            pending.PayloadLength = f.Payload.Length;
            pending.SetHeaderPositions(in f, chunk);
        }
    }

    /// <summary>Decodes and appends one event row. With <paramref name="allowPending"/>, an incomplete payload is held back instead.</summary>
    private void Emit(in TraceLine f, long lineNo, long payloadOffset, int payloadLength, ParsedChunk result,
        ref ColumnBatch batch, bool allowPending, ref PendingEvent pending)
    {
        // The event name is interned first; its kind is looked up once per distinct name.
        int nameId = result.Names.Intern(f.Event);
        if (nameId >= _kindByName.Count)
        {
            // Marker rows ("gap", "lost_events") intern names too; they never come through here.
            while (_kindByName.Count < nameId)
            {
                _kindByName.Add(EventKind.Other);
            }

            _kindByName.Add(EventNameTable.Lookup(f.Event));
        }

        EventKind kind = _kindByName[nameId];
        var d = default(DecodedEvent);
        d.Reset();
        if (kind != EventKind.Other)
        {
            KvmPayloadDecoder.Decode(kind, f.Payload, ref d, _reasons);
            if (d.Incomplete && allowPending)
            {
                pending = PendingEvent.ForIncompletePayload(lineNo);
                return;
            }

            if (d.Malformed || d.Incomplete)
            {
                result.Issues.Add(IngestIssueKind.MalformedPayload, _file, lineNo, f.PayloadStart + 1, f.Payload);
            }

            if (kind == EventKind.Exit && d.UnknownReasonLength > 0)
            {
                ReadOnlySpan<byte> text = f.Payload.Slice(d.UnknownReasonStart, d.UnknownReasonLength);
                d.A0 = ExitReasonParser.UnknownNameBase + result.UnknownReasons.Intern(text);
                result.Issues.Add(IngestIssueKind.UnknownExitReason, _file, lineNo, f.PayloadStart + d.UnknownReasonStart + 1, f.Payload);
            }
        }

        if (f.HasTimestamp)
        {
            if (f.TimestampIsCounter)
            {
                result.SawCounter = true;
            }
            else
            {
                result.SawNanoseconds = true;
            }
        }

        int row = NextRow(result, ref batch);
        new EventRowWriter(batch, row)
        {
            Timestamp = f.HasTimestamp ? f.Timestamp : long.MinValue,
            Cpu = f.Cpu,
            Tid = f.Tid,
            Task = TaskId(result, in f),
            // Until the merge, an exit's ISA rides in the kind column's second byte (see ChunkMerger.MergeBatch).
            Kind = (long)kind | ((long)d.Isa << 8),
            Name = nameId,
            Vcpu = d.Vcpu,

            // Until the merge assigns VMs, the vm column carries the printed tgid (-1 when the format has none).
            Vm = f.Tgid,
            Line = lineNo,
            PayloadOffset = payloadOffset,
            PayloadLength = payloadLength,
        }.Write(in d);
    }

    private int TaskId(ParsedChunk result, in TraceLine f)
    {
        int slot = f.Tid & 255;
        if (_taskCacheTid[slot] == f.Tid && result.Tasks.Matches(_taskCacheId[slot], f.Task))
        {
            return _taskCacheId[slot];
        }

        int id = result.Tasks.Intern(f.Task);
        _taskCacheTid[slot] = f.Tid;
        _taskCacheId[slot] = id;
        return id;
    }

    private int NextRow(ParsedChunk result, ref ColumnBatch batch)
    {
        if (batch.IsFull)
        {
            batch = _newBatch();
            result.Batches.Add(batch);
        }

        return batch.AddRow();
    }

    /// <summary>Marks non-trace lines in the stream; consecutive ones extend the previous gap row.</summary>
    private void AddGap(long lineNo, int linePos, int lineLength, long baseOffset, ParsedChunk result, ref ColumnBatch batch)
    {
        if (batch.Count > 0 && batch.Column(EventColumns.Kind)[batch.Count - 1] == (long)EventKind.Gap
            && batch.Column(EventColumns.Line)[batch.Count - 1] + batch.Column(EventColumns.A0)[batch.Count - 1] == lineNo)
        {
            batch.Column(EventColumns.A0)[batch.Count - 1]++;
            return;
        }

        AddMarker(EventKind.Gap, "gap"u8, -1, 1, lineNo, linePos, lineLength, baseOffset, result, ref batch);
    }

    private void AddLostEvents(in TraceLine f, long lineNo, int linePos, int lineLength, long baseOffset,
        ParsedChunk result, ref ColumnBatch batch) =>
        AddMarker(EventKind.LostEvents, "lost_events"u8, f.Cpu, f.LostCount, lineNo, linePos, lineLength, baseOffset, result, ref batch);

    private void AddMarker(EventKind kind, ReadOnlySpan<byte> name, int cpu, long a0, long lineNo, int linePos,
        int lineLength, long baseOffset, ParsedChunk result, ref ColumnBatch batch)
    {
        int row = NextRow(result, ref batch);
        batch.Column(EventColumns.Timestamp)[row] = long.MinValue;
        batch.Column(EventColumns.Cpu)[row] = cpu;
        batch.Column(EventColumns.Tid)[row] = -1;
        batch.Column(EventColumns.Task)[row] = result.Tasks.Intern(default);
        batch.Column(EventColumns.Kind)[row] = (long)kind;
        batch.Column(EventColumns.Name)[row] = result.Names.Intern(name);
        batch.Column(EventColumns.Vcpu)[row] = -1;
        batch.Column(EventColumns.Vm)[row] = -1;
        batch.Column(EventColumns.File)[row] = 0;
        batch.Column(EventColumns.Line)[row] = lineNo;
        batch.Column(EventColumns.PayloadOffset)[row] = baseOffset + linePos;
        batch.Column(EventColumns.PayloadLength)[row] = lineLength;
        batch.Column(EventColumns.A0)[row] = a0;
        for (int c = EventColumns.A1; c <= EventColumns.A5; c++)
        {
            batch.Column(c)[row] = 0;
        }
    }

    private static int FirstColumn(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length && line[i] == (byte)' ')
        {
            i++;
        }

        return i + 1;
    }
}
