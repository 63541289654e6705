using TraceLab.Ingest.Chunks;
using TraceLab.Ingest.Issues;
using TraceLab.Ingest.Pairing;
using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Pipeline;

/// <summary>
/// The ordered, single-threaded half of ingest: takes parsed chunks in input order, turns their local ids, line
/// numbers and clocks into store-wide ones, runs the pairing tracker over every event, and writes row groups.
/// </summary>
internal sealed class ChunkMerger
{
    private readonly IStoreSink _sink;
    private readonly Action<ColumnBatch>? _recycle;
    private ColumnBatch? _held;
    private readonly long _clockHz;
    private readonly StringPool _tasks = new();
    private readonly StringPool _names = new();
    private readonly StringPool _reasons = new();
    private readonly StringPool _files = new();
    private readonly IssueCollector _issues = new();
    private readonly ExitTableBuilder _exitTable;
    private readonly VcpuExitTracker _tracker;
    private long[] _lastTimestampByCpu = new long[64];
    private long _eventRows;
    private long _lineBase;
    private int _file = -1;
    private string _fileName = "";
    private bool _sawNs;
    private bool _sawTicks;
    private long _firstTimestamp = long.MaxValue;
    private long _lastTimestamp = long.MinValue;

    /// <param name="sink">Where row groups, pools and metadata go.</param>
    /// <param name="clockHz">Counter-clock rate for tick conversion (0 = keep ticks).</param>
    /// <param name="recycle">Receives event batches once written (unless the sink keeps them), for reuse.</param>
    public ChunkMerger(IStoreSink sink, long clockHz, Action<ColumnBatch>? recycle = null)
    {
        _sink = sink;
        _recycle = recycle;
        _clockHz = clockHz;
        _exitTable = new ExitTableBuilder(sink.WriteRowGroup, sink.KeepsBatches);
        _tracker = new VcpuExitTracker(_exitTable, _issues, _reasons);
    }

    public long EventRows => _eventRows;

    public IssueCollector Issues => _issues;

    /// <summary>Starts a new input file: line numbers restart at 1.</summary>
    public void BeginFile(string name)
    {
        if (_file >= 0)
        {
            // A new input is a new recording: no pairing across files, and each CPU's clock check starts over.
            _tracker.EndRecording();
            Array.Clear(_lastTimestampByCpu);
        }

        _file = _files.Intern(name);
        _fileName = name;
        _lineBase = 0;
    }

    /// <summary>
    /// Merges the next chunk of the current file. The last batch written is held back one step so that a gap (a run
    /// of non-trace lines) cut in two by a chunk boundary becomes one gap row, as it would in a single chunk: the
    /// store must not depend on how the input was split.
    /// </summary>
    public void Merge(ParsedChunk chunk)
    {
        int[] taskMap = _tasks.MapAll(chunk.Tasks.Values);
        int[] nameMap = _names.MapAll(chunk.Names.Values);

        _tracker.UnknownReasons.Reset(chunk.UnknownReasons.Values);
        _sawNs |= chunk.SawNanoseconds;
        _sawTicks |= chunk.SawCounter;
        foreach (ColumnBatch batch in chunk.Batches)
        {
            if (batch.Count == 0)
            {
                _recycle?.Invoke(batch);
                continue;
            }

            ContinueHeldGap(batch);
            if (batch.Count == 0)
            {
                _recycle?.Invoke(batch);
                continue;
            }

            MergeBatch(batch, taskMap, nameMap);
            WriteHeld();
            _held = batch;
        }

        _issues.Merge(chunk.Issues, _lineBase);
        _lineBase += chunk.LineCount;
    }

    /// <summary>If <paramref name="next"/> starts with the continuation of the held batch's final gap, folds it in.</summary>
    private void ContinueHeldGap(ColumnBatch next)
    {
        if (_held is not { Count: > 0 } held)
        {
            return;
        }

        int last = held.Count - 1;
        if (held.Column(EventColumns.Kind)[last] != (long)EventKind.Gap || next.Column(EventColumns.Kind)[0] != (long)EventKind.Gap
            || held.Column(EventColumns.File)[last] != _file
            || held.Column(EventColumns.Line)[last] + held.Column(EventColumns.A0)[last] != next.Column(EventColumns.Line)[0] + _lineBase)
        {
            return;
        }

        held.Column(EventColumns.A0)[last] += next.Column(EventColumns.A0)[0];
        for (int c = 0; c < EventColumns.Count; c++)
        {
            Array.Copy(next.Column(c), 1, next.Column(c), 0, next.Count - 1);
        }

        next.Count--;
    }

    private void WriteHeld()
    {
        if (_held is { } held)
        {
            _sink.WriteRowGroup(held);
            _held = null;
            if (!_sink.KeepsBatches)
            {
                _recycle?.Invoke(held);
            }
        }
    }

    /// <summary>
    /// Makes a batch store-wide, a column at a time (lines, file, string ids, timestamps), then pairs its events in
    /// row order. The column passes have a few live arrays each and no calls, so they stay in registers; one loop
    /// doing everything for each row kept sixteen arrays live, and the JIT reloaded them from the stack.
    /// </summary>
    private void MergeBatch(ColumnBatch b, int[] taskMap, int[] nameMap)
    {
        // Columns are only written where a value changes: a clean cache line need not be written back to memory.
        Span<long> line = b.Rows(EventColumns.Line);
        if (_lineBase != 0)
        {
            for (int i = 0; i < line.Length; i++)
            {
                line[i] += _lineBase;
            }
        }

        Span<long> file = b.Rows(EventColumns.File);
        if (file.ContainsAnyExcept(_file))
        {
            file.Fill(_file);
        }

        ToStoreIds(b.Rows(EventColumns.Task), taskMap);
        ToStoreIds(b.Rows(EventColumns.Name), nameMap);
        NormaliseTimestamps(b.Rows(EventColumns.Timestamp), b.Rows(EventColumns.Cpu), line);
        _tracker.OnBatch(b, _eventRows, _file, _fileName);
        _eventRows += b.Count;
    }

    /// <summary>Replaces chunk-local string ids by pool ids (nothing to do when the chunk's ids are the pool's).</summary>
    private static void ToStoreIds(Span<long> ids, int[] map)
    {
        bool identity = true;
        for (int i = 0; i < map.Length && identity; i++)
        {
            identity = map[i] == i;
        }

        if (identity)
        {
            return;
        }

        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = map[ids[i]];
        }
    }

    /// <summary>
    /// Converts parsed timestamps to the store's unit: ns stays ns; a counter stays ticks unless a clock rate was
    /// given (ns = ticks × 10⁹ / hz in 128-bit integer arithmetic). Missing timestamps become -1. Checks that each
    /// CPU's stream does not go back in time, and keeps the store's first and last time.
    /// </summary>
    private void NormaliseTimestamps(Span<long> ts, ReadOnlySpan<long> cpus, ReadOnlySpan<long> lines)
    {
        if (_clockHz > 0 && _sawTicks && !_sawNs)
        {
            for (int i = 0; i < ts.Length; i++)
            {
                if (ts[i] != long.MinValue)
                {
                    ts[i] = (long)((Int128)ts[i] * 1_000_000_000 / _clockHz);
                }
            }
        }

        // Rows the fast scan stops at (a missing stamp, a CPU beyond the slots, time going back) are handled here,
        // one at a time; the scan itself has no calls, so its state stays in registers.
        for (int i = ScanTimestamps(ts, cpus, 0); i < ts.Length; i = ScanTimestamps(ts, cpus, i + 1))
        {
            long value = ts[i];
            if (value == long.MinValue)
            {
                ts[i] = -1;
                continue;
            }

            // The stamp is there, so the scan stopped for the CPU's slot: rows without a CPU (-1) never stop it.
            int cpu = (int)cpus[i];
            if (cpu >= _lastTimestampByCpu.Length)
            {
                Array.Resize(ref _lastTimestampByCpu, Math.Max(cpu + 1, _lastTimestampByCpu.Length * 2));
            }

            // Slots start at 0 and real stamps are positive, so an unseen CPU never reports going backwards.
            if (value < _lastTimestampByCpu[cpu])
            {
                ReportBackwards(cpu, _lastTimestampByCpu[cpu] - value, lines[i]);
            }

            _lastTimestampByCpu[cpu] = value;
            _firstTimestamp = Math.Min(_firstTimestamp, value);
            _lastTimestamp = Math.Max(_lastTimestamp, value);
        }
    }

    /// <summary>
    /// The per-CPU time check and the first/last time of rows <paramref name="start"/>.. for as long as they are
    /// ordinary. Returns the first row that needs <see cref="NormaliseTimestamps"/>' slow path (or the length).
    /// </summary>
    private int ScanTimestamps(ReadOnlySpan<long> ts, ReadOnlySpan<long> cpus, int start)
    {
        Span<long> lastByCpu = _lastTimestampByCpu;
        long first = _firstTimestamp;
        long last = _lastTimestamp;
        int i = start;
        for (; i < ts.Length; i++)
        {
            long value = ts[i];
            int cpu = (int)cpus[i];
            if (value == long.MinValue)
            {
                break;
            }

            if (cpu >= 0)
            {
                if (cpu >= lastByCpu.Length || value < lastByCpu[cpu])
                {
                    break;
                }

                lastByCpu[cpu] = value;
            }

            first = Math.Min(first, value);
            last = Math.Max(last, value);
        }

        _firstTimestamp = first;
        _lastTimestamp = last;
        return i;
    }

    private void ReportBackwards(int cpu, long by, long line) =>
        _issues.Add(IngestIssueKind.TimestampBackwards, _fileName, line, 1, $"time on CPU {cpu} went back by {by} time units");

    /// <summary>Closes open exits, writes the pools and metadata. Call once after the last chunk of the last file.</summary>
    public StoreMetadata Finish(List<SourceInfo> sources, string writer)
    {
        WriteHeld();
        if (_sawNs && _sawTicks)
        {
            _issues.Add(IngestIssueKind.MixedClock, _fileName, 0, 0, "both counter (ticks) and sec.usec timestamps were seen");
        }

        var metadata = new StoreMetadata
        {
            Writer = writer,
            Sources = sources,
            TimeUnit = _sawTicks && !_sawNs && _clockHz <= 0 ? "ticks" : "ns",
            ClockHz = _sawTicks && !_sawNs ? _clockHz : 0,
            Events = _eventRows,
            Exits = _tracker.Exits,
            Entries = _tracker.Entries,
            FirstTimestamp = _firstTimestamp == long.MaxValue ? 0 : _firstTimestamp,
            LastTimestamp = _lastTimestamp == long.MinValue ? 0 : _lastTimestamp,
        };
        _tracker.Finish(metadata.Vcpus, _tasks.Values);
        metadata.Issues = _issues.ToSummaries();
        _sink.WriteStringPool(StringPools.Tasks, _tasks.Values);
        _sink.WriteStringPool(StringPools.EventNames, _names.Values);
        _sink.WriteStringPool(StringPools.Reasons, _reasons.Values);
        _sink.WriteStringPool(StringPools.Files, _files.Values);
        _sink.WriteMetadata(metadata);
        return metadata;
    }
}
